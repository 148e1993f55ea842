/**
 * Micrometer meters for the library's events: {@link dev.capacity.impl.micrometer.CapacityMetrics}. Micrometer is
 * an optional dependency of capacity-impl; only this package refers to it, so a host without Micrometer never loads
 * it as long as it does not use this package.
 */
@NullMarked
package dev.capacity.impl.micrometer;

import org.jspecify.annotations.NullMarked;
