package dev.capacity.examples.demo;

import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.HoldExpiredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the demo's timeline needs from the library's events: the expired holds to tell about (the evening waits for
 * them). The report's figures come from the library's Micrometer meters. Events arrive on the sweeper's thread and
 * the demo's own; thread-safe.
 */
final class Timeline implements CapacityListener {

    private final Queue<HoldExpiredEvent> expired = new ConcurrentLinkedQueue<>();

    @Override
    public void onHoldExpired(HoldExpiredEvent event) {
        expired.add(event);
    }

    /** @return the holds that expired since the last call, in the order they were reported */
    List<HoldExpiredEvent> drainExpired() {
        List<HoldExpiredEvent> drained = new ArrayList<>();
        for (HoldExpiredEvent e; (e = expired.poll()) != null; ) {
            drained.add(e);
        }
        return drained;
    }
}
