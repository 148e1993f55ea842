package dev.capacity.api;

import java.util.Objects;

/**
 * Permission to exceed the slack budget (seats minus party size) for one assignment, given by a person for a
 * reason. It turns the slack error into a warning and is recorded on the allocations written.
 *
 * @param reason why the budget is exceeded, non-blank
 * @param actor who decided, non-blank
 */
public record SlackOverride(String reason, String actor) {

    /**
     * Creates an override.
     *
     * @param reason why the budget is exceeded, non-blank
     * @param actor who decided, non-blank
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if an argument is blank
     */
    public SlackOverride {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(actor, "actor");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
        if (actor.isBlank()) {
            throw new IllegalArgumentException("actor must not be blank");
        }
    }
}
