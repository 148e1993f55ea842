package dev.capacity.api;

import java.util.OptionalInt;

/**
 * Supplies a restaurant's own slack budget (the most empty seats a manual assignment may leave), for example from
 * the host's restaurant settings. Must be thread-safe and fast: it is called on every validation.
 */
@FunctionalInterface
public interface SlackBudgetResolver {

    /**
     * Returns the restaurant's budget, or empty to fall back to the configured default.
     *
     * @param restaurantId the restaurant
     * @return a budget of at least 0, or empty
     */
    OptionalInt budgetFor(RestaurantId restaurantId);
}
