package dev.capacity.testkit.contract;

import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.HoldExpiredEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that records every event it receives, for assertions. Thread-safe. */
public final class RecordingListener implements CapacityListener {

    private final List<HoldExpiredEvent> holdsExpired = new CopyOnWriteArrayList<>();

    /** Creates an empty recorder. */
    public RecordingListener() {
    }

    @Override
    public void onHoldExpired(HoldExpiredEvent event) {
        holdsExpired.add(event);
    }

    /** @return every hold-expired event so far, in delivery order */
    public List<HoldExpiredEvent> holdsExpired() {
        return List.copyOf(holdsExpired);
    }

    /** Forgets everything recorded so far. */
    public void clear() {
        holdsExpired.clear();
    }
}
