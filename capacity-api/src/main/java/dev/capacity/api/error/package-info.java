/**
 * The error taxonomy: the sealed {@link dev.capacity.api.error.CapacityError} with every subclass, the stable
 * {@link dev.capacity.api.error.ErrorCode}s, validation {@link dev.capacity.api.error.Violation}s and RFC 9457
 * {@link dev.capacity.api.error.Problem} bodies.
 */
@NullMarked
package dev.capacity.api.error;

import org.jspecify.annotations.NullMarked;
