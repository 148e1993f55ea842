package dev.capacity.api.error;

import static dev.capacity.api.error.ErrorFixtures.TABLE;
import static dev.capacity.api.error.ErrorFixtures.assertDefaultProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("AssignmentRejected")
class AssignmentRejectedTest {

    private static final Violation SLACK_WARNING = Violation.warning(ErrorCode.SLACK_BUDGET_EXCEEDED,
            "5 empty seats, override recorded.", Map.of("slack", 5, "budget", 4));
    private static final Violation HELD = Violation.error(ErrorCode.HOLD_CONFLICT, "T1 is held by another booking.",
            Map.of("tableId", TABLE.toString()));
    private static final Violation ZONES = Violation.error(ErrorCode.ZONE_MISMATCH, "T1 and T2 are in different zones.",
            Map.of());
    private static final Violation SEATS = Violation.error(ErrorCode.CAPACITY_INSUFFICIENT, "4 seats for 6 guests.",
            Map.of("seats", 4, "partySize", 6));

    @Nested
    @DisplayName("its code")
    class Code {

        @Test
        @DisplayName("is the first non-conflict ERROR, skipping warnings and conflicts before it")
        void firstRuleBreakingError() {
            AssignmentRejected error = new AssignmentRejected(List.of(SLACK_WARNING, HELD, ZONES, SEATS));
            assertThat(error.code()).isEqualTo(ErrorCode.ZONE_MISMATCH);
            assertThat(error.title()).isEqualTo("Tables are in different zones");
        }

        @Test
        @DisplayName("is TABLE_NOT_FOUND for an unknown table in the selection, and the status stays 422, not 404")
        void unknownTableIs422() {
            Violation unknown = Violation.error(ErrorCode.TABLE_NOT_FOUND, "Table T9 does not exist.", Map.of());
            AssignmentRejected error = new AssignmentRejected(List.of(unknown));
            assertThat(error.code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
            assertThat(error.code().defaultStatus()).isEqualTo(404);
            assertThat(error.httpStatus()).isEqualTo(422);
            assertThat(error.toProblem().status()).isEqualTo(422);
            assertThat(error.toProblem().type()).isEqualTo("urn:capacity:problem:table-not-found");
        }

        @Test
        @DisplayName("is never retryable")
        void notRetryable() {
            assertThat(new AssignmentRejected(List.of(SEATS)).isRetryable()).isFalse();
        }
    }

    @Nested
    @DisplayName("its findings")
    class Findings {

        @Test
        @DisplayName("are every violation, warnings and conflicts included, in check order")
        void allViolations() {
            AssignmentRejected error = new AssignmentRejected(List.of(SLACK_WARNING, HELD, ZONES, SEATS));
            assertThat(error.violations()).containsExactly(SLACK_WARNING, HELD, ZONES, SEATS);
            assertThat(error.details()).isEmpty();
        }

        @Test
        @DisplayName("are copied, so later changes to the caller's list do not show")
        void copied() {
            List<Violation> mutable = new ArrayList<>(List.of(SEATS));
            AssignmentRejected error = new AssignmentRejected(mutable);
            mutable.add(ZONES);
            assertThat(error.violations()).containsExactly(SEATS);
        }

        @Test
        @DisplayName("with one error, the detail is that error's message")
        void oneErrorDetail() {
            assertThat(new AssignmentRejected(List.of(SLACK_WARNING, SEATS)).getMessage())
                    .isEqualTo("4 seats for 6 guests.");
        }

        @Test
        @DisplayName("with several errors, the detail counts them and joins their messages, leaving warnings out")
        void severalErrorsDetail() {
            assertThat(new AssignmentRejected(List.of(SLACK_WARNING, HELD, ZONES, SEATS)).getMessage())
                    .isEqualTo("3 problems: T1 is held by another booking. T1 and T2 are in different zones. "
                            + "4 seats for 6 guests.");
        }
    }

    @Nested
    @DisplayName("its problem body")
    class Body {

        @Test
        @DisplayName("is a 422 with every violation as {code, severity, message, details}")
        void violations() {
            AssignmentRejected error = new AssignmentRejected(List.of(SLACK_WARNING, SEATS));
            Problem p = assertDefaultProblem(error, "urn:capacity:problem:capacity-insufficient", 422);
            assertThat(p.extensions().keySet()).containsExactly("code", "retryable", "message", "violations");
            assertThat(p.extensions().get("violations")).isEqualTo(List.of(
                    Map.of("code", "SLACK_BUDGET_EXCEEDED", "severity", "WARNING",
                            "message", "5 empty seats, override recorded.", "details", Map.of("slack", 5, "budget", 4)),
                    Map.of("code", "CAPACITY_INSUFFICIENT", "severity", "ERROR",
                            "message", "4 seats for 6 guests.", "details", Map.of("seats", 4, "partySize", 6))));
        }

        @Test
        @DisplayName("encodes to this exact JSON for one violation")
        void exactJson() {
            Violation v = Violation.error(ErrorCode.ZONE_MISMATCH, "Different zones.", Map.of("zones", List.of("A")));
            assertThat(new AssignmentRejected(List.of(v)).toProblem().toJson()).isEqualTo(
                    "{\"type\":\"urn:capacity:problem:zone-mismatch\",\"title\":\"Tables are in different zones\","
                    + "\"status\":422,\"detail\":\"Different zones.\",\"code\":\"ZONE_MISMATCH\","
                    + "\"retryable\":false,\"message\":\"Different zones.\",\"violations\":[{\"code\":\"ZONE_MISMATCH\","
                    + "\"severity\":\"ERROR\",\"message\":\"Different zones.\",\"details\":{\"zones\":[\"A\"]}}]}");
        }
    }

    @Nested
    @DisplayName("construction")
    class Construction {

        @Test
        @DisplayName("rejects a list with only warnings and conflicts: that is not a broken rule")
        void noRuleBreakingError() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new AssignmentRejected(List.of(SLACK_WARNING, HELD)))
                    .withMessageContaining("rule-breaking error");
        }

        @Test
        @DisplayName("rejects an empty list")
        void empty() {
            assertThatIllegalArgumentException().isThrownBy(() -> new AssignmentRejected(List.of()));
        }

        @Test
        @DisplayName("rejects a warning-only list even when the warning has a rule code")
        void warningOnly() {
            assertThatIllegalArgumentException().isThrownBy(() -> new AssignmentRejected(List.of(SLACK_WARNING)));
        }

        @Test
        @DisplayName("rejects null with an NPE naming 'violations'")
        void nullList() {
            assertThatNullPointerException().isThrownBy(() -> new AssignmentRejected(null)).withMessage("violations");
        }
    }
}
