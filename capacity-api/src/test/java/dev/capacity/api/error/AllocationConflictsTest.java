package dev.capacity.api.error;

import static dev.capacity.api.error.ErrorFixtures.ALLOCATION;
import static dev.capacity.api.error.ErrorFixtures.OTHER_BOOKING;
import static dev.capacity.api.error.ErrorFixtures.OTHER_HOLD;
import static dev.capacity.api.error.ErrorFixtures.TABLE;
import static dev.capacity.api.error.ErrorFixtures.assertDefaultProblem;
import static dev.capacity.api.error.ErrorFixtures.bookingBlocker;
import static dev.capacity.api.error.ErrorFixtures.holdBlocker;
import static dev.capacity.api.error.ErrorFixtures.maintenanceBlocker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.entry;

import dev.capacity.api.Blocker;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Allocation conflicts (409 with blockers)")
class AllocationConflictsTest {

    @Nested
    @DisplayName("HoldConflict")
    class HoldConflictTest {

        private final HoldConflict error = new HoldConflict("Table T1 is held until 17:05.", List.of(holdBlocker()));

        @Test
        @DisplayName("is a non-retryable 409 HOLD_CONFLICT titled 'Tables are held'")
        void classification() {
            assertThat(error).isInstanceOf(ConflictError.class);
            assertThat(error.code()).isEqualTo(ErrorCode.HOLD_CONFLICT);
            assertThat(error.httpStatus()).isEqualTo(409);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Tables are held");
            assertThat(error.getMessage()).isEqualTo("Table T1 is held until 17:05.");
            assertThat(error.getCause()).isNull();
        }

        @Test
        @DisplayName("names the blocking hold with its booking and expiry in blockers and details")
        void blockers() {
            assertThat(error.blockers()).containsExactly(holdBlocker());
            assertThat(error.details()).containsOnlyKeys("blockers");
            assertThat(blockerMaps(error.details())).containsExactly(Map.of(
                    "kind", "HOLD",
                    "allocationId", ALLOCATION.toString(),
                    "tableId", TABLE.toString(),
                    "start", "2030-01-01T18:00:00Z",
                    "end", "2030-01-01T20:00:00Z",
                    "bookingId", OTHER_BOOKING.toString(),
                    "holdId", OTHER_HOLD.toString(),
                    "holdExpiresAt", "2030-01-01T17:05:00Z"));
        }

        @Test
        @DisplayName("has a problem body with code, retryable, message and blockers, without violations")
        void problem() {
            Problem p = assertDefaultProblem(error, "urn:capacity:problem:hold-conflict", 409);
            assertThat(p.extensions().keySet()).containsExactly("code", "retryable", "message", "blockers");
            assertThat(p.extensions().get("blockers")).isEqualTo(error.details().get("blockers"));
        }

        @Test
        @DisplayName("keeps the database exception as the cause and out of the problem body")
        void cause() {
            SQLException db = new SQLException("conflicting key value violates exclusion constraint", "23P01");
            HoldConflict withCause = new HoldConflict("Table T1 is taken.", List.of(), List.of(), db);
            assertThat(withCause.getCause()).isSameAs(db);
            assertThat(withCause.blockers()).isEmpty();
            assertThat(withCause.toProblem().toJson()).doesNotContain("23P01").doesNotContain("exclusion");
        }

        @Test
        @DisplayName("copies the blocker list, so later changes to the caller's list do not show")
        void copiesBlockers() {
            List<Blocker> mutable = new ArrayList<>(List.of(holdBlocker()));
            HoldConflict copy = new HoldConflict("held", mutable);
            mutable.add(bookingBlocker());
            assertThat(copy.blockers()).containsExactly(holdBlocker());
        }

        @Test
        @DisplayName("rejects null blockers, violations and detail with NPEs naming them")
        void nulls() {
            assertThatNullPointerException().isThrownBy(() -> new HoldConflict("held", null)).withMessage("blockers");
            assertThatNullPointerException().isThrownBy(() -> new HoldConflict("held", List.of(), null, null))
                    .withMessage("violations");
            assertThatNullPointerException().isThrownBy(() -> new HoldConflict(null, List.of()))
                    .withMessage("detail");
        }
    }

    @Nested
    @DisplayName("BookingConflict")
    class BookingConflictTest {

        private final Violation violation = Violation.error(ErrorCode.BOOKING_CONFLICT, "T1 is booked 18:00-20:00.",
                Map.of("tableId", TABLE.toString()));
        private final BookingConflict error = new BookingConflict("T1 is booked.", List.of(bookingBlocker()),
                List.of(violation), null);

        @Test
        @DisplayName("is a non-retryable 409 BOOKING_CONFLICT titled 'Tables are booked'")
        void classification() {
            assertThat(error.code()).isEqualTo(ErrorCode.BOOKING_CONFLICT);
            assertThat(error.httpStatus()).isEqualTo(409);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Tables are booked");
        }

        @Test
        @DisplayName("names the booking blocker without hold members")
        void blockers() {
            assertThat(blockerMaps(error.details()).get(0))
                    .containsOnlyKeys("kind", "allocationId", "tableId", "start", "end", "bookingId")
                    .containsEntry("kind", "BOOKING")
                    .containsEntry("bookingId", OTHER_BOOKING.toString());
        }

        @Test
        @DisplayName("carries its validation findings into the problem body as violations, before the details")
        void violations() {
            assertThat(error.violations()).containsExactly(violation);
            Problem p = assertDefaultProblem(error, "urn:capacity:problem:booking-conflict", 409);
            assertThat(p.extensions().keySet())
                    .containsExactly("code", "retryable", "message", "violations", "blockers");
            assertThat(p.extensions().get("violations")).isEqualTo(List.of(Map.of(
                    "code", "BOOKING_CONFLICT",
                    "severity", "ERROR",
                    "message", "T1 is booked 18:00-20:00.",
                    "details", Map.of("tableId", TABLE.toString()))));
        }

        @Test
        @DisplayName("the short constructor has no violations and no cause")
        void shortConstructor() {
            BookingConflict plain = new BookingConflict("booked", List.of(bookingBlocker()));
            assertThat(plain.violations()).isEmpty();
            assertThat(plain.getCause()).isNull();
            assertThat(plain.toProblem().extensions()).doesNotContainKey("violations");
        }
    }

    @Nested
    @DisplayName("TableOutOfService")
    class TableOutOfServiceTest {

        private final TableOutOfService error = new TableOutOfService("T1 is under maintenance.",
                List.of(maintenanceBlocker()));

        @Test
        @DisplayName("is a non-retryable 409 TABLE_OUT_OF_SERVICE titled 'Table is out of service'")
        void classification() {
            assertThat(error.code()).isEqualTo(ErrorCode.TABLE_OUT_OF_SERVICE);
            assertThat(error.httpStatus()).isEqualTo(409);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Table is out of service");
        }

        @Test
        @DisplayName("names the maintenance block with neither booking nor hold members")
        void blockers() {
            assertThat(error.blockers()).containsExactly(maintenanceBlocker());
            assertThat(blockerMaps(error.details()).get(0))
                    .containsOnlyKeys("kind", "allocationId", "tableId", "start", "end")
                    .contains(entry("kind", "MAINTENANCE"));
        }

        @Test
        @DisplayName("has the table-out-of-service problem type and a blockers extension")
        void problem() {
            Problem p = assertDefaultProblem(error, "urn:capacity:problem:table-out-of-service", 409);
            assertThat(p.extensions().keySet()).containsExactly("code", "retryable", "message", "blockers");
        }

        @Test
        @DisplayName("the long constructor keeps violations and cause")
        void longConstructor() {
            IllegalStateException cause = new IllegalStateException("x");
            Violation v = Violation.error(ErrorCode.TABLE_OUT_OF_SERVICE, "T1 is blocked.", Map.of());
            TableOutOfService full = new TableOutOfService("blocked", List.of(), List.of(v), cause);
            assertThat(full.violations()).containsExactly(v);
            assertThat(full.getCause()).isSameAs(cause);
        }
    }

    @Nested
    @DisplayName("RestoreConflict")
    class RestoreConflictTest {

        private final RestoreConflict error = new RestoreConflict("Restoring would overlap 1 live allocation.",
                List.of(bookingBlocker(), maintenanceBlocker()));

        @Test
        @DisplayName("is a non-retryable 409 RESTORE_CONFLICT with no violations and no cause")
        void classification() {
            assertThat(error.code()).isEqualTo(ErrorCode.RESTORE_CONFLICT);
            assertThat(error.httpStatus()).isEqualTo(409);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Restore would overlap live allocations");
            assertThat(error.violations()).isEmpty();
            assertThat(error.getCause()).isNull();
        }

        @Test
        @DisplayName("lists every live allocation in the way, in order")
        void blockers() {
            assertThat(error.blockers()).containsExactly(bookingBlocker(), maintenanceBlocker());
            assertThat(blockerMaps(error.details())).extracting(m -> m.get("kind"))
                    .containsExactly("BOOKING", "MAINTENANCE");
        }

        @Test
        @DisplayName("has the restore-conflict problem type")
        void problem() {
            Problem p = assertDefaultProblem(error, "urn:capacity:problem:restore-conflict", 409);
            assertThat(p.extensions().keySet()).containsExactly("code", "retryable", "message", "blockers");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> blockerMaps(Map<String, Object> details) {
        return (List<Map<String, Object>>) details.get("blockers");
    }
}
