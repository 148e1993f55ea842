package dev.capacity.api.error;

import static dev.capacity.api.error.ErrorFixtures.HOLD;
import static dev.capacity.api.error.ErrorFixtures.TABLE;
import static dev.capacity.api.error.ErrorFixtures.ZONE;
import static dev.capacity.api.error.ErrorFixtures.assertDefaultProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Request errors (422 extension limit, 400 malformed, 404 unknown)")
class RequestErrorsTest {

    @Nested
    @DisplayName("HoldExtensionLimit")
    class HoldExtensionLimitTest {

        private final Instant requested = Instant.parse("2030-01-01T17:30:00Z");
        private final Instant latest = Instant.parse("2030-01-01T17:20:00Z");
        private final HoldExtensionLimit error = new HoldExtensionLimit(HOLD, requested, latest);

        @Test
        @DisplayName("is a non-retryable 422 HOLD_EXTENSION_LIMIT with the latest allowed expiry")
        void classification() {
            assertThat(error).isNotInstanceOf(ConflictError.class);
            assertThat(error.code()).isEqualTo(ErrorCode.HOLD_EXTENSION_LIMIT);
            assertThat(error.httpStatus()).isEqualTo(422);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Hold lifetime cap reached");
            assertThat(error.holdId()).isEqualTo(HOLD);
            assertThat(error.requestedExpiry()).isEqualTo(requested);
            assertThat(error.latestAllowedExpiry()).isEqualTo(latest);
            assertThat(error.getMessage()).contains("2030-01-01T17:30:00Z", "2030-01-01T17:20:00Z");
        }

        @Test
        @DisplayName("has details holdId, requestedExpiry and latestAllowedExpiry in ISO-8601")
        void problem() {
            assertThat(error.details()).containsExactly(Map.entry("holdId", HOLD.toString()),
                    Map.entry("requestedExpiry", "2030-01-01T17:30:00Z"),
                    Map.entry("latestAllowedExpiry", "2030-01-01T17:20:00Z"));
            Problem p = assertDefaultProblem(error, "urn:capacity:problem:hold-extension-limit", 422);
            assertThat(p.extensions().keySet()).containsExactly("code", "retryable", "message", "holdId",
                    "requestedExpiry", "latestAllowedExpiry");
        }

        @Test
        @DisplayName("rejects nulls with NPEs naming the argument")
        void nulls() {
            assertThatNullPointerException().isThrownBy(() -> new HoldExtensionLimit(null, requested, latest))
                    .withMessage("holdId");
            assertThatNullPointerException().isThrownBy(() -> new HoldExtensionLimit(HOLD, null, latest))
                    .withMessage("requestedExpiry");
            assertThatNullPointerException().isThrownBy(() -> new HoldExtensionLimit(HOLD, requested, null))
                    .withMessage("latestAllowedExpiry");
        }
    }

    @Nested
    @DisplayName("InvalidRequest")
    class InvalidRequestTest {

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = ErrorCode.class,
                names = {"TABLES_REQUIRED", "DUPLICATE_TABLE_IDS", "INVALID_PARTY_SIZE", "INVALID_TTL", "INVALID_REQUEST"})
        @DisplayName("accepts every 400 code and answers 400, not retryable, with the field in the details")
        void every400Code(ErrorCode code) {
            InvalidRequest error = new InvalidRequest(code, "tableIds", "Pick at least one table.");
            assertThat(error.code()).isEqualTo(code);
            assertThat(error.httpStatus()).isEqualTo(400);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo(code.title());
            assertThat(error.field()).isEqualTo("tableIds");
            assertThat(error.details()).containsExactly(Map.entry("field", "tableIds"));
            String type = "urn:capacity:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-');
            Problem p = assertDefaultProblem(error, type, 400);
            assertThat(p.extensions().keySet()).containsExactly("code", "retryable", "message", "field");
        }

        @Test
        @DisplayName("gives INVALID_PARTY_SIZE the problem type invalid-party-size and an exact body")
        void exactBody() {
            InvalidRequest error = new InvalidRequest(ErrorCode.INVALID_PARTY_SIZE, "partySize",
                    "Party size must be at least 1, was 0.");
            assertThat(error.toProblem().toJson()).isEqualTo("{\"type\":\"urn:capacity:problem:invalid-party-size\","
                    + "\"title\":\"Invalid party size\",\"status\":400,"
                    + "\"detail\":\"Party size must be at least 1, was 0.\",\"code\":\"INVALID_PARTY_SIZE\","
                    + "\"retryable\":false,\"message\":\"Party size must be at least 1, was 0.\",\"field\":\"partySize\"}");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = ErrorCode.class,
                names = {"TABLES_REQUIRED", "DUPLICATE_TABLE_IDS", "INVALID_PARTY_SIZE", "INVALID_TTL", "INVALID_REQUEST"},
                mode = EnumSource.Mode.EXCLUDE)
        @DisplayName("rejects every code that is not a 400 code")
        void rejectsOtherCodes(ErrorCode code) {
            assertThatIllegalArgumentException().isThrownBy(() -> new InvalidRequest(code, "f", "d"))
                    .withMessageContaining(code.name());
        }

        @Test
        @DisplayName("rejects a null field, detail or code")
        void nulls() {
            assertThatNullPointerException()
                    .isThrownBy(() -> new InvalidRequest(ErrorCode.INVALID_TTL, null, "d")).withMessage("field");
            assertThatNullPointerException()
                    .isThrownBy(() -> new InvalidRequest(ErrorCode.INVALID_TTL, "ttl", null)).withMessage("detail");
            assertThatNullPointerException().isThrownBy(() -> new InvalidRequest(null, "ttl", "d"))
                    .withMessage("code");
        }
    }

    @Nested
    @DisplayName("NotFound")
    class NotFoundTest {

        @Test
        @DisplayName("HoldNotFound is a 404 HOLD_NOT_FOUND with the hold id")
        void holdNotFound() {
            HoldNotFound error = new HoldNotFound(HOLD);
            assertThat(error).isInstanceOf(NotFound.class);
            assertThat(error.code()).isEqualTo(ErrorCode.HOLD_NOT_FOUND);
            assertThat(error.httpStatus()).isEqualTo(404);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Hold not found");
            assertThat(error.holdId()).isEqualTo(HOLD);
            assertThat(error.getMessage()).isEqualTo("Hold " + HOLD + " does not exist in this restaurant.");
            assertThat(error.details()).containsExactly(Map.entry("id", HOLD.toString()));
            Problem p = assertDefaultProblem(error, "urn:capacity:problem:hold-not-found", 404);
            assertThat(p.extensions().keySet()).containsExactly("code", "retryable", "message", "id");
        }

        @Test
        @DisplayName("TableNotFound is a 404 TABLE_NOT_FOUND with the table id")
        void tableNotFound() {
            TableNotFound error = new TableNotFound(TABLE);
            assertThat(error.code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
            assertThat(error.httpStatus()).isEqualTo(404);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Table not found");
            assertThat(error.tableId()).isEqualTo(TABLE);
            assertThat(error.details()).containsExactly(Map.entry("id", TABLE.toString()));
            assertDefaultProblem(error, "urn:capacity:problem:table-not-found", 404);
        }

        @Test
        @DisplayName("ZoneNotFound is a 404 ZONE_NOT_FOUND with the zone id")
        void zoneNotFound() {
            ZoneNotFound error = new ZoneNotFound(ZONE);
            assertThat(error.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND);
            assertThat(error.httpStatus()).isEqualTo(404);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Zone not found");
            assertThat(error.zoneId()).isEqualTo(ZONE);
            assertThat(error.getMessage()).isEqualTo("Zone " + ZONE + " does not exist in this restaurant.");
            assertThat(error.details()).containsExactly(Map.entry("id", ZONE.toString()));
            assertDefaultProblem(error, "urn:capacity:problem:zone-not-found", 404);
        }

        @Test
        @DisplayName("a null id is rejected with an NPE naming the argument")
        void nulls() {
            assertThatNullPointerException().isThrownBy(() -> new HoldNotFound(null)).withMessage("holdId");
            assertThatNullPointerException().isThrownBy(() -> new TableNotFound(null)).withMessage("tableId");
            assertThatNullPointerException().isThrownBy(() -> new ZoneNotFound(null)).withMessage("zoneId");
        }
    }
}
