/** A controllable clock for tests. */
@NullMarked
package dev.capacity.testkit.time;

import org.jspecify.annotations.NullMarked;
