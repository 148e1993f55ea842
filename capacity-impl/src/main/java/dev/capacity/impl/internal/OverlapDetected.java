package dev.capacity.impl.internal;

/**
 * The database refused a ledger write because of the exclusion constraint (23P01) or a deadlock between writers
 * contending for the same tables (40P01). Never leaves the library: the store turns it into the conflict error of
 * the operation, naming what blocks.
 */
public final class OverlapDetected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OverlapDetected(Throwable cause) {
        super("ledger write refused by the database", cause);
    }
}
