package dev.capacity.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import dev.capacity.api.PruneResult;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SweepResult;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.FloorPlanInvalidatedEvent;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.api.event.PruneCompletedEvent;
import dev.capacity.api.event.PruneFailedEvent;
import dev.capacity.api.event.SweepCompletedEvent;
import dev.capacity.api.event.SweepFailedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The default logging listener")
class LoggingListenerTest {

    private final CapacityListener listener = PostgresCapacity.loggingListener();

    @Test
    @DisplayName("is one shared instance")
    void shared() {
        assertThat(PostgresCapacity.loggingListener()).isSameAs(listener);
    }

    @Test
    @DisplayName("logs every kind of event, including results with absent optional parts")
    void logsEverything() {
        Instant t = Instant.parse("2026-11-27T20:00:00Z");
        SweepResult idle = new SweepResult(0, 1, Duration.ofMillis(3), false, null);
        SweepResult busy = new SweepResult(1000, 2, Duration.ofMillis(30), true, Duration.ofSeconds(4));
        PruneResult off = new PruneResult(0, 0, null, Duration.ZERO, false, 0);
        PruneResult pruned = new PruneResult(10, 1, t, Duration.ofMillis(5), false, 2);
        CapacityUnavailable down = new CapacityUnavailable(ErrorCode.UNAVAILABLE, "down", null);
        assertThatCode(() -> {
            listener.onHoldExpired(new HoldExpiredEvent(HoldId.random(), RestaurantId.random(), BookingId.random(),
                    List.of(TableId.random()), TimeWindow.starting(t, Duration.ofHours(2)), t));
            listener.onSweepCompleted(new SweepCompletedEvent(idle));
            listener.onSweepCompleted(new SweepCompletedEvent(busy));
            listener.onSweepFailed(new SweepFailedEvent(idle, down));
            listener.onPruneCompleted(new PruneCompletedEvent(off));
            listener.onPruneCompleted(new PruneCompletedEvent(pruned));
            listener.onPruneFailed(new PruneFailedEvent(off, down));
            listener.onFloorPlanInvalidated(new FloorPlanInvalidatedEvent(null, FloorPlanInvalidatedEvent.Reason.RECONNECT));
            listener.onFloorPlanInvalidated(new FloorPlanInvalidatedEvent(RestaurantId.random(),
                    FloorPlanInvalidatedEvent.Reason.EDIT));
        }).doesNotThrowAnyException();
    }
}
