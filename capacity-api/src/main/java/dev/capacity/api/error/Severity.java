package dev.capacity.api.error;

/** How serious a validation finding is. */
public enum Severity {
    /** The request must not be carried out. */
    ERROR,
    /** The request may go ahead; staff should be told. */
    WARNING
}
