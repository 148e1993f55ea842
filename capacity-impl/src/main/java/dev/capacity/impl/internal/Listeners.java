package dev.capacity.impl.internal;

import dev.capacity.api.event.CapacityListener;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to the host's listener so that a failing listener can never break an operation. */
public final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private Listeners() {
    }

    /**
     * Delivers each event; a listener exception is logged with the event and swallowed.
     *
     * @param listener the host's listener
     * @param events events to deliver, in order
     * @param method how to deliver one
     * @param <E> the event type
     */
    public static <E> void deliver(CapacityListener listener, List<E> events, BiConsumer<CapacityListener, E> method) {
        for (E event : events) {
            try {
                method.accept(listener, event);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Capacity listener {} failed on {}; the operation is unaffected", listener, event, e);
            }
        }
    }
}
