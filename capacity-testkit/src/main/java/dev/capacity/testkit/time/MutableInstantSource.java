package dev.capacity.testkit.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for tests that moves only when told to. Hand it to the library wherever an {@link InstantSource} is
 * accepted, then {@link #advance(Duration)} or {@link #set(Instant)} it instead of sleeping.
 *
 * <p>Thread-safe: readers on other threads see every change immediately.
 */
public final class MutableInstantSource implements InstantSource {

    private final AtomicReference<Instant> now;

    private MutableInstantSource(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /**
     * Creates a clock standing at {@code start}.
     *
     * @param start the initial instant
     * @return the clock
     * @throws NullPointerException if {@code start} is null
     */
    public static MutableInstantSource at(Instant start) {
        return new MutableInstantSource(Objects.requireNonNull(start, "start"));
    }

    /**
     * Creates a clock standing at {@code start}; the same as {@link #at(Instant)}.
     *
     * @param start the initial instant
     * @return the clock
     * @throws NullPointerException if {@code start} is null
     */
    public static MutableInstantSource of(Instant start) {
        return at(start);
    }

    /**
     * Creates a clock standing at {@code 2030-01-01T12:00:00Z}, a fixed instant so that test runs repeat exactly.
     *
     * @return the clock
     */
    public static MutableInstantSource fixed() {
        return at(Instant.parse("2030-01-01T12:00:00Z"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /**
     * Moves the clock to {@code instant}, forwards or backwards.
     *
     * @param instant the new time
     * @throws NullPointerException if {@code instant} is null
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /**
     * Moves the clock by {@code amount} (negative moves it back).
     *
     * @param amount how far to move
     * @return the new time
     * @throws NullPointerException if {@code amount} is null
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        return now.updateAndGet(t -> t.plus(amount));
    }

    @Override
    public String toString() {
        return "MutableInstantSource[" + now.get() + "]";
    }
}
