/**
 * The demo host application: one evening of a restaurant on embedded PostgreSQL (or an existing database), with a
 * clock the demo moves so that the evening plays in seconds. Entry point {@link dev.capacity.examples.demo.DemoMain}.
 */
@NullMarked
package dev.capacity.examples.demo;

import org.jspecify.annotations.NullMarked;
