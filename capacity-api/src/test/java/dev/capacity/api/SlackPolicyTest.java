package dev.capacity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SlackPolicy")
class SlackPolicyTest {

    private static final RestaurantId BISTRO = RestaurantId.of(new UUID(1, 1));
    private static final RestaurantId CANTINA = RestaurantId.of(new UUID(1, 2));

    /** An environment holding only {@code CAPACITY_MANUAL_MAX_SLACK}, or nothing when {@code value} is null. */
    private static SlackPolicy.Builder withEnvironment(String value) {
        Map<String, String> env = new HashMap<>();
        if (value != null) {
            env.put(SlackPolicy.ENVIRONMENT_VARIABLE, value);
        }
        return SlackPolicy.builder().environment(env::get);
    }

    private static SlackPolicy.Builder noEnvironment() {
        return withEnvironment(null);
    }

    @Nested
    @DisplayName("the budget's precedence")
    class Precedence {

        @Test
        @DisplayName("is 4 when nothing is configured")
        void defaultBudget() {
            SlackPolicy policy = noEnvironment().build();
            assertThat(policy.budgetFor(BISTRO)).isEqualTo(4).isEqualTo(SlackPolicy.DEFAULT_BUDGET);
        }

        @Test
        @DisplayName("takes CAPACITY_MANUAL_MAX_SLACK over the default")
        void environmentOverDefault() {
            assertThat(withEnvironment("7").build().budgetFor(BISTRO)).isEqualTo(7);
        }

        @Test
        @DisplayName("takes the builder's budget over the environment")
        void builderOverEnvironment() {
            assertThat(withEnvironment("7").budget(6).build().budgetFor(BISTRO)).isEqualTo(6);
        }

        @Test
        @DisplayName("takes a builder budget of 0 over the environment: 0 is a value, not unset")
        void builderZero() {
            assertThat(withEnvironment("7").budget(0).build().budgetFor(BISTRO)).isZero();
        }

        @Test
        @DisplayName("takes the builder's budget over the default, and it may exceed the environment's limit of 12")
        void builderOverDefault() {
            assertThat(noEnvironment().budget(20).build().budgetFor(BISTRO)).isEqualTo(20);
        }

        @Test
        @DisplayName("takes the resolver's budget over the builder and the environment")
        void resolverOverAll() {
            SlackPolicy policy = withEnvironment("7").budget(6).resolver(r -> OptionalInt.of(9)).build();
            assertThat(policy.budgetFor(BISTRO)).isEqualTo(9);
        }

        @Test
        @DisplayName("takes a resolver budget of 0 over everything")
        void resolverZero() {
            SlackPolicy policy = withEnvironment("7").budget(6).resolver(r -> OptionalInt.of(0)).build();
            assertThat(policy.budgetFor(BISTRO)).isZero();
        }

        @Test
        @DisplayName("asks the resolver about the restaurant in question, on every call")
        void resolverPerRestaurant() {
            List<RestaurantId> asked = new ArrayList<>();
            SlackPolicy policy = noEnvironment().budget(6).resolver(r -> {
                asked.add(r);
                return r.equals(BISTRO) ? OptionalInt.of(1) : OptionalInt.of(3);
            }).build();
            assertThat(policy.budgetFor(BISTRO)).isEqualTo(1);
            assertThat(policy.budgetFor(CANTINA)).isEqualTo(3);
            assertThat(policy.budgetFor(BISTRO)).isEqualTo(1);
            assertThat(asked).containsExactly(BISTRO, CANTINA, BISTRO);
        }

        @Test
        @DisplayName("falls through an empty resolver answer to the builder's budget")
        void emptyResolverToBuilder() {
            SlackPolicy policy = withEnvironment("7").budget(6)
                    .resolver(r -> r.equals(BISTRO) ? OptionalInt.of(1) : OptionalInt.empty()).build();
            assertThat(policy.budgetFor(BISTRO)).isEqualTo(1);
            assertThat(policy.budgetFor(CANTINA)).isEqualTo(6);
        }

        @Test
        @DisplayName("falls through an empty resolver answer to the environment when the builder sets no budget")
        void emptyResolverToEnvironment() {
            SlackPolicy policy = withEnvironment("7").resolver(r -> OptionalInt.empty()).build();
            assertThat(policy.budgetFor(CANTINA)).isEqualTo(7);
        }

        @Test
        @DisplayName("falls through an empty resolver answer to 4 when nothing else is configured")
        void emptyResolverToDefault() {
            SlackPolicy policy = noEnvironment().resolver(r -> OptionalInt.empty()).build();
            assertThat(policy.budgetFor(CANTINA)).isEqualTo(4);
        }
    }

    @Nested
    @DisplayName("the environment variable CAPACITY_MANUAL_MAX_SLACK")
    class Environment {

        @Test
        @DisplayName("is the variable the policy reads")
        void name() {
            List<String> read = new ArrayList<>();
            SlackPolicy.builder().environment(n -> {
                read.add(n);
                return "5";
            }).build();
            assertThat(read).containsExactly("CAPACITY_MANUAL_MAX_SLACK");
            assertThat(SlackPolicy.ENVIRONMENT_VARIABLE).isEqualTo("CAPACITY_MANUAL_MAX_SLACK");
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", " ", "\t"})
        @DisplayName("counts as unset when empty or blank, giving 4")
        void blankIsUnset(String value) {
            assertThat(withEnvironment(value).build().budgetFor(BISTRO)).isEqualTo(4);
        }

        @Test
        @DisplayName("counts as unset when empty, letting the builder's budget apply")
        void blankWithBuilder() {
            assertThat(withEnvironment("").budget(2).build().budgetFor(BISTRO)).isEqualTo(2);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"0", "1", "4", "11", "12"})
        @DisplayName("accepts every whole number from 0 to 12")
        void accepted(String value) {
            assertThat(withEnvironment(value).build().budgetFor(BISTRO)).isEqualTo(Integer.parseInt(value));
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"abc", "-1", "13", "4.5", "99999999999", "four", "0x4"})
        @DisplayName("fails build() with an IllegalArgumentException naming the variable and the value for anything"
                + " else")
        void rejected(String value) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> withEnvironment(value).build())
                    .withMessageContaining("CAPACITY_MANUAL_MAX_SLACK")
                    .withMessageContaining(value);
        }

        @Test
        @DisplayName("fails build() when invalid even if the builder's budget would take precedence")
        void rejectedUnderBuilderBudget() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> withEnvironment("13").budget(3).build())
                    .withMessageContaining("CAPACITY_MANUAL_MAX_SLACK");
        }

        @Test
        @DisplayName("is read once, at build(): later changes do not affect a built policy")
        void readAtBuild() {
            Map<String, String> env = new HashMap<>(Map.of(SlackPolicy.ENVIRONMENT_VARIABLE, "3"));
            SlackPolicy policy = SlackPolicy.builder().environment(env::get).build();
            env.put(SlackPolicy.ENVIRONMENT_VARIABLE, "9");
            assertThat(policy.budgetFor(BISTRO)).isEqualTo(3);
        }
    }

    @Nested
    @DisplayName("the resolver")
    class Resolver {

        @Test
        @DisplayName("returning a negative budget makes budgetFor throw IllegalStateException naming the restaurant")
        void negative() {
            SlackPolicy policy = noEnvironment().resolver(r -> OptionalInt.of(-1)).build();
            assertThatIllegalStateException().isThrownBy(() -> policy.budgetFor(BISTRO))
                    .withMessageContaining("-1")
                    .withMessageContaining(BISTRO.toString());
        }

        @Test
        @DisplayName("returning null makes budgetFor throw IllegalStateException")
        void nullAnswer() {
            SlackPolicy policy = noEnvironment().resolver(r -> null).build();
            assertThatIllegalStateException().isThrownBy(() -> policy.budgetFor(BISTRO));
        }

        @Test
        @DisplayName("may not be null, and budgetFor needs a restaurant")
        void nulls() {
            assertThatNullPointerException().isThrownBy(() -> SlackPolicy.builder().resolver(null));
            assertThatNullPointerException().isThrownBy(() -> noEnvironment().build().budgetFor(null));
        }
    }

    @Nested
    @DisplayName("the builder")
    class Builder {

        @Test
        @DisplayName("rejects a negative budget with IllegalArgumentException")
        void negativeBudget() {
            assertThatIllegalArgumentException().isThrownBy(() -> SlackPolicy.builder().budget(-1))
                    .withMessageContaining("-1");
        }

        @Test
        @DisplayName("rejects a negative warning threshold with IllegalArgumentException")
        void negativeWarnAbove() {
            assertThatIllegalArgumentException().isThrownBy(() -> SlackPolicy.builder().warnAbove(-1))
                    .withMessageContaining("-1");
        }

        @Test
        @DisplayName("warns above 2 by default, and accepts 0 and other thresholds")
        void warnAbove() {
            assertThat(noEnvironment().build().warnAbove()).isEqualTo(2).isEqualTo(SlackPolicy.DEFAULT_WARN_ABOVE);
            assertThat(noEnvironment().warnAbove(0).build().warnAbove()).isZero();
            assertThat(noEnvironment().warnAbove(7).build().warnAbove()).isEqualTo(7);
        }

        @Test
        @DisplayName("rejects a null environment")
        void nullEnvironment() {
            assertThatNullPointerException().isThrownBy(() -> SlackPolicy.builder().environment(null));
        }

        @Test
        @DisplayName("builds independent policies: changing the builder afterwards leaves a built policy alone")
        void independent() {
            SlackPolicy.Builder builder = noEnvironment().budget(1).warnAbove(0);
            SlackPolicy first = builder.build();
            builder.budget(8).warnAbove(5).resolver(r -> OptionalInt.of(11));
            assertThat(first.budgetFor(BISTRO)).isEqualTo(1);
            assertThat(first.warnAbove()).isZero();
            assertThat(builder.build().budgetFor(BISTRO)).isEqualTo(11);
        }
    }
}
