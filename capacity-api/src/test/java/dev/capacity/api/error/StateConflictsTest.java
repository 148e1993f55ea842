package dev.capacity.api.error;

import static dev.capacity.api.error.ErrorFixtures.BOOKING;
import static dev.capacity.api.error.ErrorFixtures.EXPIRES;
import static dev.capacity.api.error.ErrorFixtures.HOLD;
import static dev.capacity.api.error.ErrorFixtures.OTHER_BOOKING;
import static dev.capacity.api.error.ErrorFixtures.TABLE;
import static dev.capacity.api.error.ErrorFixtures.ZONE;
import static dev.capacity.api.error.ErrorFixtures.assertDefaultProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("State conflicts (409 without blockers)")
class StateConflictsTest {

    @Nested
    @DisplayName("HoldExpired")
    class HoldExpiredTest {

        private final HoldExpired error = new HoldExpired(HOLD, EXPIRES);

        @Test
        @DisplayName("is a non-retryable 409 HOLD_EXPIRED naming the hold and its expiry")
        void classification() {
            assertThat(error).isInstanceOf(ConflictError.class);
            assertThat(error.code()).isEqualTo(ErrorCode.HOLD_EXPIRED);
            assertThat(error.httpStatus()).isEqualTo(409);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Hold expired");
            assertThat(error.holdId()).isEqualTo(HOLD);
            assertThat(error.expiredAt()).isEqualTo(EXPIRES);
            assertThat(error.getMessage()).contains(HOLD.toString(), "2030-01-01T17:05:00Z", "place a new hold");
        }

        @Test
        @DisplayName("has details holdId and expiredAt as strings and an exact JSON body")
        void problem() {
            assertThat(error.details()).containsExactly(
                    Map.entry("holdId", HOLD.toString()), Map.entry("expiredAt", "2030-01-01T17:05:00Z"));
            Problem p = assertDefaultProblem(error, "urn:capacity:problem:hold-expired", 409);
            String detail = "Hold 11111111-1111-4111-8111-111111111111 expired at 2030-01-01T17:05:00Z; "
                    + "place a new hold.";
            assertThat(p.toJson()).isEqualTo("{\"type\":\"urn:capacity:problem:hold-expired\","
                    + "\"title\":\"Hold expired\",\"status\":409,\"detail\":\"" + detail + "\","
                    + "\"code\":\"HOLD_EXPIRED\",\"retryable\":false,\"message\":\"" + detail + "\","
                    + "\"holdId\":\"11111111-1111-4111-8111-111111111111\",\"expiredAt\":\"2030-01-01T17:05:00Z\"}");
        }

        @Test
        @DisplayName("rejects nulls with NPEs naming the argument")
        void nulls() {
            assertThatNullPointerException().isThrownBy(() -> new HoldExpired(null, EXPIRES)).withMessage("holdId");
            assertThatNullPointerException().isThrownBy(() -> new HoldExpired(HOLD, null)).withMessage("expiredAt");
        }
    }

    @Nested
    @DisplayName("PolicyDrift")
    class PolicyDriftTest {

        private final Violation nowFails = Violation.error(ErrorCode.ZONE_MISMATCH, "T2 moved to the terrace.",
                Map.of("zones", List.of("Main", "Terrace")));
        private final PolicyDrift error = new PolicyDrift(HOLD, 7, 9, List.of(nowFails));

        @Test
        @DisplayName("is a non-retryable 409 POLICY_DRIFT with both floor-plan versions")
        void classification() {
            assertThat(error.code()).isEqualTo(ErrorCode.POLICY_DRIFT);
            assertThat(error.httpStatus()).isEqualTo(409);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Floor plan changed");
            assertThat(error.holdId()).isEqualTo(HOLD);
            assertThat(error.heldVersion()).isEqualTo(7);
            assertThat(error.currentVersion()).isEqualTo(9);
            assertThat(error.getMessage()).contains("7 -> 9", HOLD.toString());
        }

        @Test
        @DisplayName("says what fails now in violations and puts versions as numbers in the details")
        void problem() {
            assertThat(error.violations()).containsExactly(nowFails);
            assertThat(error.details()).containsExactly(Map.entry("holdId", HOLD.toString()),
                    Map.entry("heldVersion", 7L), Map.entry("currentVersion", 9L));
            Problem p = assertDefaultProblem(error, "urn:capacity:problem:policy-drift", 409);
            assertThat(p.extensions().keySet()).containsExactly("code", "retryable", "message", "violations",
                    "holdId", "heldVersion", "currentVersion");
            assertThat(p.toJson()).contains("\"heldVersion\":7,\"currentVersion\":9")
                    .contains("\"details\":{\"zones\":[\"Main\",\"Terrace\"]}");
        }

        @Test
        @DisplayName("rejects null hold id or violations")
        void nulls() {
            assertThatNullPointerException().isThrownBy(() -> new PolicyDrift(null, 1, 2, List.of()))
                    .withMessage("holdId");
            assertThatNullPointerException().isThrownBy(() -> new PolicyDrift(HOLD, 1, 2, null))
                    .withMessage("violations");
        }
    }

    @Nested
    @DisplayName("HoldBookingMismatch")
    class HoldBookingMismatchTest {

        private final HoldBookingMismatch error = new HoldBookingMismatch(HOLD, BOOKING, OTHER_BOOKING);

        @Test
        @DisplayName("is a non-retryable 409 HOLD_BOOKING_MISMATCH naming both bookings")
        void classification() {
            assertThat(error.code()).isEqualTo(ErrorCode.HOLD_BOOKING_MISMATCH);
            assertThat(error.httpStatus()).isEqualTo(409);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Hold belongs to another booking");
            assertThat(error.holdId()).isEqualTo(HOLD);
            assertThat(error.holdBookingId()).isEqualTo(BOOKING);
            assertThat(error.requestedBookingId()).isEqualTo(OTHER_BOOKING);
        }

        @Test
        @DisplayName("has details holdId, holdBookingId and requestedBookingId")
        void problem() {
            assertThat(error.details()).containsExactly(Map.entry("holdId", HOLD.toString()),
                    Map.entry("holdBookingId", BOOKING.toString()),
                    Map.entry("requestedBookingId", OTHER_BOOKING.toString()));
            Problem p = assertDefaultProblem(error, "urn:capacity:problem:hold-booking-mismatch", 409);
            assertThat(p.extensions()).containsAllEntriesOf(error.details());
        }
    }

    @Nested
    @DisplayName("HoldAlreadyConfirmed")
    class HoldAlreadyConfirmedTest {

        private final HoldAlreadyConfirmed error = new HoldAlreadyConfirmed(HOLD, BOOKING);

        @Test
        @DisplayName("is a non-retryable 409 HOLD_ALREADY_CONFIRMED telling to unassign instead")
        void classification() {
            assertThat(error.code()).isEqualTo(ErrorCode.HOLD_ALREADY_CONFIRMED);
            assertThat(error.httpStatus()).isEqualTo(409);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Hold already confirmed");
            assertThat(error.holdId()).isEqualTo(HOLD);
            assertThat(error.bookingId()).isEqualTo(BOOKING);
            assertThat(error.getMessage()).contains("unassign");
        }

        @Test
        @DisplayName("has details holdId and bookingId")
        void problem() {
            assertThat(error.details()).containsExactly(Map.entry("holdId", HOLD.toString()),
                    Map.entry("bookingId", BOOKING.toString()));
            assertDefaultProblem(error, "urn:capacity:problem:hold-already-confirmed", 409);
        }
    }

    @Nested
    @DisplayName("TableInUse and ZoneInUse")
    class InUseTest {

        @Test
        @DisplayName("TableInUse is a 409 TABLE_IN_USE with the table and the number of allocations in the way")
        void tableInUse() {
            TableInUse error = new TableInUse(TABLE, 3);
            assertThat(error.code()).isEqualTo(ErrorCode.TABLE_IN_USE);
            assertThat(error.httpStatus()).isEqualTo(409);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Table is in use");
            assertThat(error.tableId()).isEqualTo(TABLE);
            assertThat(error.allocations()).isEqualTo(3);
            assertThat(error.details()).containsExactly(Map.entry("tableId", TABLE.toString()),
                    Map.entry("allocations", 3));
            assertDefaultProblem(error, "urn:capacity:problem:table-in-use", 409);
        }

        @Test
        @DisplayName("ZoneInUse is a 409 ZONE_IN_USE with the zone and its number of tables")
        void zoneInUse() {
            ZoneInUse error = new ZoneInUse(ZONE, 2);
            assertThat(error.code()).isEqualTo(ErrorCode.ZONE_IN_USE);
            assertThat(error.httpStatus()).isEqualTo(409);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Zone still has tables");
            assertThat(error.zoneId()).isEqualTo(ZONE);
            assertThat(error.tables()).isEqualTo(2);
            assertThat(error.details()).containsExactly(Map.entry("zoneId", ZONE.toString()), Map.entry("tables", 2));
            assertThat(assertDefaultProblem(error, "urn:capacity:problem:zone-in-use", 409).toJson())
                    .endsWith(",\"zoneId\":\"" + ZONE + "\",\"tables\":2}");
        }

        @Test
        @DisplayName("both reject a null id with an NPE naming it")
        void nulls() {
            assertThatNullPointerException().isThrownBy(() -> new TableInUse(null, 1)).withMessage("tableId");
            assertThatNullPointerException().isThrownBy(() -> new ZoneInUse(null, 1)).withMessage("zoneId");
        }
    }

    @Nested
    @DisplayName("DuplicateName")
    class DuplicateNameTest {

        private final SQLException cause = new SQLException(
                "ERROR: duplicate key value violates unique constraint \"zones_name_uq\"", "23505");
        private final DuplicateName error = new DuplicateName("zone", "Terrace", cause);

        @Test
        @DisplayName("is a non-retryable 409 DUPLICATE_NAME naming the entity and the name")
        void classification() {
            assertThat(error.code()).isEqualTo(ErrorCode.DUPLICATE_NAME);
            assertThat(error.httpStatus()).isEqualTo(409);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Name already taken");
            assertThat(error.entity()).isEqualTo("zone");
            assertThat(error.name()).isEqualTo("Terrace");
            assertThat(error.getMessage()).isEqualTo("A zone named 'Terrace' already exists in this restaurant.");
        }

        @Test
        @DisplayName("keeps the database error as cause and never shows its SQLSTATE or constraint")
        void cause() {
            assertThat(error.getCause()).isSameAs(cause);
            String json = assertDefaultProblem(error, "urn:capacity:problem:duplicate-name", 409).toJson();
            assertThat(json).doesNotContain("23505").doesNotContain("zones_name_uq")
                    .endsWith(",\"entity\":\"zone\",\"name\":\"Terrace\"}");
        }

        @Test
        @DisplayName("escapes a name with quotes and control characters in the JSON body")
        void escaping() {
            DuplicateName odd = new DuplicateName("table", "A\"1\\\n", null);
            assertThat(odd.toProblem().toJson()).endsWith("\"entity\":\"table\",\"name\":\"A\\\"1\\\\\\n\"}");
        }

        @Test
        @DisplayName("rejects a null entity or name")
        void nulls() {
            assertThatNullPointerException().isThrownBy(() -> new DuplicateName(null, "x", null)).withMessage("entity");
            assertThatNullPointerException().isThrownBy(() -> new DuplicateName("zone", null, null))
                    .withMessage("name");
        }
    }
}
