package dev.capacity.api;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The slack budget of manual assignments: slack = max(0, seats − party size); a selection passes iff
 * slack ≤ budget (slack equal to the budget passes). Selections whose slack is above the warning threshold but
 * within the budget pass with a {@code SLACK_HIGH} warning.
 *
 * <p>Precedence of the budget: the per-restaurant {@link SlackBudgetResolver}, then the builder's
 * {@link Builder#budget(int)}, then the environment variable {@value #ENVIRONMENT_VARIABLE} (a whole number
 * 0–12; empty means unset), then {@value #DEFAULT_BUDGET}. An invalid environment value fails {@link Builder#build()}
 * with a message naming the variable, so a misconfigured host fails at start-up rather than on the first
 * assignment.
 *
 * <p>Immutable and thread-safe.
 */
public final class SlackPolicy {

    /** The environment variable holding the default budget. */
    public static final String ENVIRONMENT_VARIABLE = "CAPACITY_MANUAL_MAX_SLACK";
    /** The budget when nothing else is configured (the old system's {@code maxOverage}). */
    public static final int DEFAULT_BUDGET = 4;
    /** The largest budget the environment variable may set. */
    public static final int MAX_ENVIRONMENT_BUDGET = 12;
    /** The default warning threshold: more than this many empty seats gives a warning. */
    public static final int DEFAULT_WARN_ABOVE = 2;

    private final @Nullable SlackBudgetResolver resolver;
    private final int budget;
    private final int warnAbove;

    private SlackPolicy(@Nullable SlackBudgetResolver resolver, int budget, int warnAbove) {
        this.resolver = resolver;
        this.budget = budget;
        this.warnAbove = warnAbove;
    }

    /**
     * The policy from the environment (or {@value #DEFAULT_BUDGET}), without resolver.
     *
     * @return the policy
     * @throws IllegalArgumentException if {@value #ENVIRONMENT_VARIABLE} is set to an invalid value
     */
    public static SlackPolicy defaults() {
        return builder().build();
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The budget of a restaurant, by the precedence described on the class.
     *
     * @param restaurantId the restaurant
     * @return the budget, at least 0
     * @throws IllegalStateException if the resolver returns a negative budget
     */
    public int budgetFor(RestaurantId restaurantId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        if (resolver != null) {
            OptionalInt own = resolver.budgetFor(restaurantId);
            if (own == null) {
                throw new IllegalStateException("slack budget resolver returned null for " + restaurantId);
            }
            if (own.isPresent()) {
                if (own.getAsInt() < 0) {
                    throw new IllegalStateException("slack budget resolver returned a negative budget "
                            + own.getAsInt() + " for " + restaurantId);
                }
                return own.getAsInt();
            }
        }
        return budget;
    }

    /**
     * The warning threshold: slack above it (and within the budget) gives a {@code SLACK_HIGH} warning.
     *
     * @return the threshold, at least 0
     */
    public int warnAbove() {
        return warnAbove;
    }

    /** Builds a {@link SlackPolicy}. Not thread-safe. */
    public static final class Builder {
        private @Nullable SlackBudgetResolver resolver;
        private @Nullable Integer budget;
        private int warnAbove = DEFAULT_WARN_ABOVE;
        private UnaryOperator<@Nullable String> environment = System::getenv;

        private Builder() {
        }

        /**
         * The default budget, above the environment variable.
         *
         * @param budget at least 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder budget(int budget) {
            if (budget < 0) {
                throw new IllegalArgumentException("budget must not be negative: " + budget);
            }
            this.budget = budget;
            return this;
        }

        /**
         * Per-restaurant budgets, above everything else.
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder resolver(SlackBudgetResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * The warning threshold. Default {@value #DEFAULT_WARN_ABOVE}.
         *
         * @param warnAbove at least 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder warnAbove(int warnAbove) {
            if (warnAbove < 0) {
                throw new IllegalArgumentException("warnAbove must not be negative: " + warnAbove);
            }
            this.warnAbove = warnAbove;
            return this;
        }

        /**
         * Where environment variables are read; default {@link System#getenv(String)}. For tests.
         *
         * @param environment variable name to value (null when unset)
         * @return this builder
         */
        public Builder environment(UnaryOperator<@Nullable String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Builds the policy, reading {@value #ENVIRONMENT_VARIABLE}.
         *
         * @return the policy
         * @throws IllegalArgumentException if the environment variable is set to anything but a whole number 0–12
         */
        public SlackPolicy build() {
            Integer fromEnvironment = parse(environment.apply(ENVIRONMENT_VARIABLE));
            int resolved = budget != null ? budget : fromEnvironment != null ? fromEnvironment : DEFAULT_BUDGET;
            return new SlackPolicy(resolver, resolved, warnAbove);
        }

        private static @Nullable Integer parse(@Nullable String raw) {
            if (raw == null || raw.isBlank()) {
                return null;
            }
            try {
                int value = Integer.parseInt(raw.trim());
                if (value >= 0 && value <= MAX_ENVIRONMENT_BUDGET) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the variable's name
            }
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " must be a whole number from 0 to "
                    + MAX_ENVIRONMENT_BUDGET + " (or empty); got '" + raw + "'");
        }
    }
}
