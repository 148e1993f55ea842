package dev.capacity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.InvalidRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Regressions found by fuzzing the request records and settings with hostile values (see docs/hostile-input.md). */
@DisplayName("Request records and settings with hostile values")
class HostileRequestValuesTest {

    private static final RestaurantId R = RestaurantId.random();
    private static final BookingId B = BookingId.random();
    private static final TimeWindow W = TimeWindow.starting(Instant.parse("2030-01-01T18:00:00Z"), Duration.ofHours(2));
    private static final List<TableId> WITH_NULL = Arrays.asList(TableId.random(), null);

    @Nested
    @DisplayName("a null inside a list or map")
    class NullElements {

        @Test
        @DisplayName("is an NPE naming tableIds, not a message-less NPE from List.copyOf")
        void tableIds() {
            assertThatNullPointerException().isThrownBy(() -> new PlaceHoldRequest(R, WITH_NULL, W,
                    Duration.ofMinutes(5), null, null, null, Map.of(), ValidationOptions.defaults()))
                    .withMessageContaining("tableIds");
            assertThatNullPointerException().isThrownBy(() -> new AssignRequest(R, B, WITH_NULL, W, null, null,
                    ValidationOptions.defaults())).withMessageContaining("tableIds");
            assertThatNullPointerException().isThrownBy(() -> ValidationRequest.of(R, B, 2, W, WITH_NULL))
                    .withMessageContaining("tableIds");
        }

        @Test
        @DisplayName("is an NPE naming metadata for a null key or value, not a message-less NPE from Map.copyOf")
        void metadata() {
            Map<String, String> nullValue = new HashMap<>();
            nullValue.put("k", null);
            Map<String, String> nullKey = new HashMap<>();
            nullKey.put(null, "v");
            for (Map<String, String> metadata : List.of(nullValue, nullKey)) {
                assertThatNullPointerException().isThrownBy(() -> new PlaceHoldRequest(R, List.of(TableId.random()),
                        W, Duration.ofMinutes(5), null, null, null, metadata, ValidationOptions.defaults()))
                        .withMessageContaining("metadata");
            }
        }
    }

    @Nested
    @DisplayName("a selection")
    class Selection {

        @Test
        @DisplayName("of more than MAX_TABLES ids is INVALID_REQUEST on tableIds, before any lock is taken")
        void tooManyTables() {
            List<TableId> many = new ArrayList<>();
            for (int i = 0; i <= AssignmentRules.MAX_TABLES; i++) {
                many.add(TableId.random());
            }
            assertThatThrownBy(() -> AssignmentRules.requireWellFormed(many, 4))
                    .isInstanceOfSatisfying(InvalidRequest.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.field()).isEqualTo("tableIds");
                    });
            List<TableId> repeated = Collections.nCopies(10_000, TableId.random());
            assertThatThrownBy(() -> AssignmentRules.requireWellFormed(repeated, 4))
                    .isInstanceOfSatisfying(InvalidRequest.class,
                            e -> assertThat(e.code())
                                    .isEqualTo(ErrorCode.INVALID_REQUEST));
            assertThatCode(() -> AssignmentRules.requireWellFormed(many.subList(0, AssignmentRules.MAX_TABLES), 4))
                    .doesNotThrowAnyException();
        }
    }

    @Nested
    @DisplayName("sweeper and pruner settings")
    class Settings {

        @Test
        @DisplayName("reject timeouts PostgreSQL cannot apply (below 1 ms turns them off, above 2^31-1 ms fails)")
        void timeouts() {
            SweeperSettings sweeper = SweeperSettings.defaults();
            PrunerSettings pruner = PrunerSettings.defaults();
            for (Duration bad : List.of(Duration.ofNanos(999_999), SweeperSettings.MAX_TIMEOUT.plusMillis(1),
                    Duration.ofSeconds(Long.MAX_VALUE))) {
                assertThatIllegalArgumentException().isThrownBy(() -> sweeper.withTimeouts(bad, Duration.ofSeconds(1)))
                        .withMessageContaining("statementTimeout");
                assertThatIllegalArgumentException().isThrownBy(() -> sweeper.withTimeouts(Duration.ofSeconds(1), bad))
                        .withMessageContaining("lockTimeout");
                assertThatIllegalArgumentException().isThrownBy(() -> pruner.withTimeouts(bad, Duration.ofSeconds(1)))
                        .withMessageContaining("statementTimeout");
                assertThatIllegalArgumentException().isThrownBy(() -> pruner.withTimeouts(Duration.ofSeconds(1), bad))
                        .withMessageContaining("lockTimeout");
            }
            assertThatCode(() -> sweeper.withTimeouts(Duration.ofMillis(1), SweeperSettings.MAX_TIMEOUT))
                    .doesNotThrowAnyException();
        }

        @Test
        @DisplayName("reject a grace or retention so long that now minus it is no longer a date")
        void ages() {
            Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
            assertThatIllegalArgumentException().isThrownBy(() -> SweeperSettings.defaults().withGrace(huge))
                    .withMessageContaining("grace");
            assertThatIllegalArgumentException().isThrownBy(() -> PrunerSettings.defaults().withRetention(huge))
                    .withMessageContaining("retention");
            assertThatIllegalArgumentException().isThrownBy(() -> PrunerSettings.defaults().withArchiveRetention(huge))
                    .withMessageContaining("archiveRetention");
            assertThatCode(() -> PrunerSettings.defaults().withRetention(PrunerSettings.MAX_RETENTION)
                    .withArchiveRetention(PrunerSettings.MAX_RETENTION)).doesNotThrowAnyException();
            assertThatCode(() -> PrunerSettings.defaults().withRetention(Duration.ofSeconds(Long.MIN_VALUE)))
                    .as("a negative retention still just disables pruning").doesNotThrowAnyException();
        }
    }
}
