package dev.capacity.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.HoldId;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SweepResult;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.HoldExtensionLimit;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.event.AssignmentRejectedEvent.Operation;
import dev.capacity.api.event.AssignmentRejectedEvent.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("CapacityListener")
class CapacityListenerTest {

    private static final RestaurantId RESTAURANT = RestaurantId.random();
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final AssignmentRejectedEvent REJECTED = new AssignmentRejectedEvent(RESTAURANT,
            Operation.EXTEND_HOLD, new HoldExtensionLimit(HoldId.random(), NOW.plusSeconds(60), NOW));
    private static final SweepCompletedEvent SWEPT =
            new SweepCompletedEvent(new SweepResult(3, 1, Duration.ofMillis(5), false, null));

    /** Records which listener saw which event, and throws when told to. */
    private record Probe(String name, List<String> seen, RuntimeException failure) implements CapacityListener {

        @Override
        public void onAssignmentRejected(AssignmentRejectedEvent event) {
            seen.add(name + ":" + event.code());
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void onSweepCompleted(SweepCompletedEvent event) {
            seen.add(name + ":swept " + event.result().swept());
        }
    }

    @Nested
    @DisplayName("composite")
    class Composite {

        @Test
        @DisplayName("forwards every event to each listener in order")
        void forwardsInOrder() {
            List<String> seen = new ArrayList<>();
            CapacityListener both = CapacityListener.composite(new Probe("a", seen, null), new Probe("b", seen, null));
            both.onAssignmentRejected(REJECTED);
            both.onSweepCompleted(SWEPT);
            both.onHoldExpired(new HoldExpiredEvent(HoldId.random(), RESTAURANT, null, List.of(),
                    TimeWindow.of(NOW, NOW.plusSeconds(60)), NOW));
            assertThat(seen).containsExactly("a:HOLD_EXTENSION_LIMIT", "b:HOLD_EXTENSION_LIMIT", "a:swept 3",
                    "b:swept 3");
        }

        @Test
        @DisplayName("a throwing listener does not stop the others; the first failure is rethrown with the later "
                + "ones suppressed")
        void isolatesFailures() {
            List<String> seen = new ArrayList<>();
            IllegalStateException first = new IllegalStateException("first");
            IllegalArgumentException second = new IllegalArgumentException("second");
            CapacityListener all = CapacityListener.composite(new Probe("a", seen, first),
                    new Probe("b", seen, second), new Probe("c", seen, null));
            assertThatThrownBy(() -> all.onAssignmentRejected(REJECTED)).isSameAs(first);
            assertThat(first.getSuppressed()).containsExactly(second);
            assertThat(seen).containsExactly("a:HOLD_EXTENSION_LIMIT", "b:HOLD_EXTENSION_LIMIT",
                    "c:HOLD_EXTENSION_LIMIT");
        }

        @Test
        @DisplayName("one shared exception thrown by two listeners is rethrown once, without suppressing itself")
        void sharedException() {
            List<String> seen = new ArrayList<>();
            IllegalStateException shared = new IllegalStateException("shared");
            CapacityListener all = CapacityListener.composite(new Probe("a", seen, shared),
                    new Probe("b", seen, shared));
            assertThatThrownBy(() -> all.onAssignmentRejected(REJECTED)).isSameAs(shared);
            assertThat(shared.getSuppressed()).isEmpty();
            assertThat(seen).hasSize(2);
        }

        @Test
        @DisplayName("no listener is NONE, one is itself, and null listeners are named")
        void degenerateCases() {
            Probe only = new Probe("a", new ArrayList<>(), null);
            assertThat(CapacityListener.composite()).isSameAs(CapacityListener.NONE);
            assertThat(CapacityListener.composite(only)).isSameAs(only);
            assertThatThrownBy(() -> CapacityListener.composite(only, null))
                    .isInstanceOf(NullPointerException.class).hasMessage("listeners[1]");
            assertThatThrownBy(() -> CapacityListener.composite((CapacityListener[]) null))
                    .isInstanceOf(NullPointerException.class).hasMessage("listeners");
        }
    }

    @Nested
    @DisplayName("AssignmentRejectedEvent")
    class Rejected {

        @Test
        @DisplayName("a conflict is outcome conflict, a broken rule outcome rule; tags are lower case")
        void outcomes() {
            AssignmentRejectedEvent conflict = new AssignmentRejectedEvent(RESTAURANT, Operation.PLACE_HOLD,
                    new HoldConflict("Tables are held.", List.of()));
            assertThat(conflict.outcome()).isEqualTo(Outcome.CONFLICT);
            assertThat(conflict.code()).isEqualTo(ErrorCode.HOLD_CONFLICT);
            assertThat(REJECTED.outcome()).isEqualTo(Outcome.RULE);
            assertThat(Operation.PLACE_HOLD.tag()).isEqualTo("place_hold");
            assertThat(Outcome.CONFLICT.tag()).isEqualTo("conflict");
        }

        @Test
        @DisplayName("an error that is not a refused assignment is rejected")
        void onlyRejections() {
            assertThatThrownBy(() -> new AssignmentRejectedEvent(RESTAURANT, Operation.CONFIRM_HOLD,
                    new HoldNotFound(HoldId.random())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOLD_NOT_FOUND");
            assertThatThrownBy(() -> new AssignmentRejectedEvent(RESTAURANT, null, REJECTED.error()))
                    .isInstanceOf(NullPointerException.class).hasMessage("operation");
        }
    }
}
