package dev.capacity.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-request switches of the manual assignment checks.
 *
 * @param adjacency how merged tables must be joined; default {@link AdjacencyMode#CONNECTED}
 * @param slackOverride permission to exceed the slack budget: the slack error becomes a warning and the override
 *     is recorded on the allocations written; null for none
 */
public record ValidationOptions(AdjacencyMode adjacency, @Nullable SlackOverride slackOverride) {

    private static final ValidationOptions DEFAULTS = new ValidationOptions(AdjacencyMode.CONNECTED, null);

    /**
     * Creates options.
     *
     * @param adjacency how merged tables must be joined; default {@link AdjacencyMode#CONNECTED}
     * @param slackOverride permission to exceed the slack budget: the slack error becomes a warning and the override
     *     is recorded on the allocations written; null for none
     * @throws NullPointerException if {@code adjacency} is null
     */
    public ValidationOptions {
        Objects.requireNonNull(adjacency, "adjacency");
    }

    /**
     * Connected adjacency, no override.
     *
     * @return the defaults
     */
    public static ValidationOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param mode how merged tables must be joined
     * @return a copy with this mode
     */
    public ValidationOptions withAdjacency(AdjacencyMode mode) {
        return new ValidationOptions(mode, slackOverride);
    }

    /**
     * @param override permission to exceed the slack budget, or null
     * @return a copy with this override
     */
    public ValidationOptions withSlackOverride(@Nullable SlackOverride override) {
        return new ValidationOptions(adjacency, override);
    }
}
