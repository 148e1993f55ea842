package dev.capacity.testkit.contract;

import dev.capacity.api.event.CapacityListener;
import dev.capacity.testkit.time.MutableInstantSource;
import java.time.Duration;
import java.util.Objects;

/**
 * How a contract suite wants the implementation under test built. Implementations must honour every setting.
 *
 * @param clock the only source of time the implementation may use
 * @param listener receives the implementation's events
 * @param maxHoldLifetime the hard cap on a hold's total lifetime
 */
public record HarnessSettings(MutableInstantSource clock, CapacityListener listener, Duration maxHoldLifetime) {

    /**
     * Creates settings.
     *
     * @throws NullPointerException if a component is null
     */
    public HarnessSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(maxHoldLifetime, "maxHoldLifetime");
    }
}
