/**
 * Examples of embedding the Capacity SDK: the tested code of {@code docs/getting-started.md}
 * ({@link dev.capacity.examples.GettingStarted}), wiring examples ({@code wiring}) and a demo host application
 * ({@code demo}).
 */
@NullMarked
package dev.capacity.examples;

import org.jspecify.annotations.NullMarked;
