/**
 * The PostgreSQL implementation of the Capacity SDK, reached through {@link dev.capacity.impl.PostgresCapacity}.
 */
@NullMarked
package dev.capacity.impl;

import org.jspecify.annotations.NullMarked;
