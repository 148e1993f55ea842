/** Listener SPI and the event records the library publishes. */
@NullMarked
package dev.capacity.api.event;

import org.jspecify.annotations.NullMarked;
