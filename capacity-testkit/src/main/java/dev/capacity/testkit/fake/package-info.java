/**
 * In-memory implementations of the API for host tests: thread-safe, no database, no JUnit dependency, held to
 * the same contract suites as the PostgreSQL implementation.
 */
@NullMarked
package dev.capacity.testkit.fake;

import org.jspecify.annotations.NullMarked;
