/**
 * Wiring examples that compile with the build and have tests: plain Java ({@link
 * dev.capacity.examples.wiring.PlainJavaWiring}), the jobs on a {@code ScheduledExecutorService} ({@link
 * dev.capacity.examples.wiring.CapacityJobs}), and {@code CapacityError}s answered as RFC 9457 problems by the JDK's
 * HTTP server ({@link dev.capacity.examples.wiring.HoldsHttpApi}, {@link
 * dev.capacity.examples.wiring.ProblemResponses}).
 */
@NullMarked
package dev.capacity.examples.wiring;

import org.jspecify.annotations.NullMarked;
