/**
 * Published, abstract contract suites. An implementation of an API interface passes its suite by extending it
 * and supplying a {@link dev.capacity.testkit.contract.CapacityHarness}; the in-memory fakes and the PostgreSQL
 * implementation run the same suites.
 */
@NullMarked
package dev.capacity.testkit.contract;

import org.jspecify.annotations.NullMarked;
