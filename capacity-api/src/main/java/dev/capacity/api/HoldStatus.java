package dev.capacity.api;

/** Where a hold stands at the moment it was read. */
public enum HoldStatus {
    /** Not confirmed and {@code expiresAt > now}: its tables are taken. */
    ACTIVE,
    /** Not confirmed and {@code expiresAt <= now}: its tables are free, whether or not it was swept yet. */
    EXPIRED,
    /** Turned into booking allocations; it no longer holds anything itself. */
    CONFIRMED
}
