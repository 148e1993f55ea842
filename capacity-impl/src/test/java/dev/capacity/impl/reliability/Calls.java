package dev.capacity.impl.reliability;

import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.CapacityUnavailable;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Calls the library the way a careful host does, and counts what came back. A documented error of the call is an
 * outcome; a retryable {@link CapacityUnavailable} is retried (when the call may be repeated) until it succeeds, a
 * documented error answers, or {@link Control#retryFor} passed; anything else is unexpected and fails the run.
 */
final class Calls {

    /**
     * What a call ended with.
     *
     * @param value the result, when it succeeded
     * @param error the documented error it ended with, or null
     * @param uncertain whether a retryable failure came first: an earlier attempt may have committed unseen
     * @param notBefore the clock before the first attempt
     * @param notAfter the clock after the last attempt
     */
    record Outcome<T>(T value, CapacityError error, boolean ok, boolean uncertain, Instant notBefore,
            Instant notAfter) {
    }

    private final Control control;

    Calls(Control control) {
        this.control = control;
    }

    @SafeVarargs
    final <T> Outcome<T> call(String kind, boolean retry, Supplier<T> call,
            Class<? extends CapacityError>... documented) {
        Instant first = control.clock.instant();
        long deadline = System.nanoTime() + control.retryFor.toNanos();
        boolean uncertain = false;
        while (true) {
            try {
                T value = call.get();
                control.tally.op(kind, "OK");
                return new Outcome<>(value, null, true, uncertain, first, control.clock.instant());
            } catch (CapacityUnavailable e) {
                count(kind, e);
                if (!e.isRetryable() || e.httpStatus() != 503 || e.getCause() == null) {
                    control.unexpected(kind + ": a CapacityUnavailable that is not a retryable 503 with a cause", e);
                }
                uncertain = true;
                if (!retry || System.nanoTime() > deadline) {
                    if (retry) {
                        control.unexpected(kind + ": still failing after retrying for " + control.retryFor, e);
                    }
                    return new Outcome<>(null, e, false, true, first, control.clock.instant());
                }
            } catch (CapacityError e) {
                count(kind, e);
                if (Arrays.stream(documented).noneMatch(c -> c.isInstance(e))) {
                    control.unexpected(kind + ": undocumented " + e.getClass().getSimpleName(), e);
                }
                return new Outcome<>(null, e, false, uncertain, first, control.clock.instant());
            }
        }
    }

    private void count(String kind, CapacityError e) {
        control.tally.op(kind, e.code().name());
        control.tally.add("code " + e.code().name());
    }
}
