/**
 * Public interfaces and value types of the Capacity SDK: ids, {@link dev.capacity.api.TimeWindow} and the
 * capability interfaces that hosts program against.
 */
@NullMarked
package dev.capacity.api;

import org.jspecify.annotations.NullMarked;
