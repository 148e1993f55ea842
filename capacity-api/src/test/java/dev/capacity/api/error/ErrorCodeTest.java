package dev.capacity.api.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("ErrorCode")
class ErrorCodeTest {

    /** The HTTP status class of each code, as DESIGN.md section 4 ("Errors (A12)") assigns it. */
    enum StatusClass {
        CONFLICT(409), RULE_BROKEN(422), MALFORMED(400), UNKNOWN_ENTITY(404), INFRASTRUCTURE(503), UNEXPECTED(500);

        final int status;

        StatusClass(int status) {
            this.status = status;
        }
    }

    /**
     * Exhaustive on purpose: no default branch, so adding a code without deciding its status class here stops the
     * test sources from compiling.
     */
    static StatusClass statusClass(ErrorCode code) {
        return switch (code) {
            case HOLD_CONFLICT, BOOKING_CONFLICT, TABLE_OUT_OF_SERVICE, HOLD_EXPIRED, POLICY_DRIFT,
                    HOLD_BOOKING_MISMATCH, HOLD_ALREADY_CONFIRMED, TABLE_IN_USE, ZONE_IN_USE, DUPLICATE_NAME,
                    RESTORE_CONFLICT -> StatusClass.CONFLICT;
            case CAPACITY_INSUFFICIENT, SLACK_BUDGET_EXCEEDED, SLACK_HIGH, ZONE_MISMATCH, ADJACENCY_MISMATCH, TABLE_NOT_MOVABLE,
                    TABLE_INACTIVE, PARTY_SIZE_OUT_OF_RANGE, HOLD_EXTENSION_LIMIT -> StatusClass.RULE_BROKEN;
            case TABLES_REQUIRED, DUPLICATE_TABLE_IDS, INVALID_PARTY_SIZE, INVALID_TTL, INVALID_REQUEST ->
                    StatusClass.MALFORMED;
            case HOLD_NOT_FOUND, TABLE_NOT_FOUND, ZONE_NOT_FOUND -> StatusClass.UNKNOWN_ENTITY;
            case UNAVAILABLE, BUSY -> StatusClass.INFRASTRUCTURE;
            case INTERNAL -> StatusClass.UNEXPECTED;
        };
    }

    @Nested
    @DisplayName("every code")
    class EveryCode {

        @ParameterizedTest(name = "{0}")
        @EnumSource(ErrorCode.class)
        @DisplayName("has the default status of its status class")
        void statusMatchesClass(ErrorCode code) {
            assertThat(code.defaultStatus()).isEqualTo(statusClass(code).status);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ErrorCode.class)
        @DisplayName("has a status in {400, 404, 409, 422, 500, 503}")
        void statusInAllowedSet(ErrorCode code) {
            assertThat(code.defaultStatus()).isIn(400, 404, 409, 422, 500, 503);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ErrorCode.class)
        @DisplayName("has a non-blank title without a trailing full stop")
        void hasTitle(ErrorCode code) {
            assertThat(code.title()).isNotBlank().doesNotEndWith(".");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ErrorCode.class)
        @DisplayName("is retryable exactly when its status is 503")
        void retryableOnlyFor503(ErrorCode code) {
            assertThat(code.retryable()).isEqualTo(code.defaultStatus() == 503);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ErrorCode.class)
        @DisplayName("is a conflict exactly when its status is 409")
        void conflictOnlyFor409(ErrorCode code) {
            assertThat(code.isConflict()).isEqualTo(code.defaultStatus() == 409);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ErrorCode.class)
        @DisplayName("round-trips through fromCode(code())")
        void fromCodeRoundTrip(ErrorCode code) {
            assertThat(ErrorCode.fromCode(code.code())).isSameAs(code);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ErrorCode.class)
        @DisplayName("has an UPPER_SNAKE code string equal to the constant's name")
        void codeShape(ErrorCode code) {
            assertThat(code.code()).isEqualTo(code.name()).matches("[A-Z]+(_[A-Z]+)*");
        }
    }

    @Nested
    @DisplayName("the code strings")
    class CodeStrings {

        @Test
        @DisplayName("are exactly the published ones, so renaming or removing one fails here")
        void stableStrings() {
            // Clients match on these strings; this list only ever grows.
            List<String> published = List.of(
                    "HOLD_CONFLICT", "BOOKING_CONFLICT", "TABLE_OUT_OF_SERVICE", "HOLD_EXPIRED", "POLICY_DRIFT",
                    "HOLD_BOOKING_MISMATCH", "HOLD_ALREADY_CONFIRMED", "TABLE_IN_USE", "ZONE_IN_USE",
                    "DUPLICATE_NAME", "RESTORE_CONFLICT",
                    "CAPACITY_INSUFFICIENT", "SLACK_BUDGET_EXCEEDED", "SLACK_HIGH", "ZONE_MISMATCH", "ADJACENCY_MISMATCH",
                    "TABLE_NOT_MOVABLE", "TABLE_INACTIVE", "PARTY_SIZE_OUT_OF_RANGE", "HOLD_EXTENSION_LIMIT",
                    "TABLES_REQUIRED", "DUPLICATE_TABLE_IDS", "INVALID_PARTY_SIZE", "INVALID_TTL", "INVALID_REQUEST",
                    "HOLD_NOT_FOUND", "TABLE_NOT_FOUND", "ZONE_NOT_FOUND",
                    "UNAVAILABLE", "BUSY",
                    "INTERNAL");
            assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code))
                    .containsExactlyInAnyOrderElementsOf(published);
        }

        @Test
        @DisplayName("are unique")
        void unique() {
            Set<String> codes = Set.copyOf(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
            assertThat(codes).hasSize(ErrorCode.values().length);
        }

        @Test
        @DisplayName("fromCode() of an unknown string throws an IAE quoting it")
        void unknownCode() {
            assertThatIllegalArgumentException().isThrownBy(() -> ErrorCode.fromCode("NO_SUCH_CODE"))
                    .withMessageContaining("NO_SUCH_CODE");
        }

        @Test
        @DisplayName("fromCode() is case-sensitive: the lower-case form is not a code")
        void caseSensitive() {
            assertThatIllegalArgumentException().isThrownBy(() -> ErrorCode.fromCode("hold_conflict"));
        }

        @Test
        @DisplayName("only UNAVAILABLE and BUSY are retryable")
        void retryableCodes() {
            assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::retryable))
                    .containsExactlyInAnyOrder(ErrorCode.UNAVAILABLE, ErrorCode.BUSY);
        }
    }
}
