/**
 * The benchmark harness: every capability measured against the hand-written SQL it is built on, on the same data in
 * the same run. Not deployed.
 */
@NullMarked
package dev.capacity.benchmarks;

import org.jspecify.annotations.NullMarked;
