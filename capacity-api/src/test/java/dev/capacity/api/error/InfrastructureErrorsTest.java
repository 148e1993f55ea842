package dev.capacity.api.error;

import static dev.capacity.api.error.ErrorFixtures.assertDefaultProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Infrastructure errors (503 retryable, 500 internal)")
class InfrastructureErrorsTest {

    @Nested
    @DisplayName("CapacityUnavailable")
    class CapacityUnavailableTest {

        @Test
        @DisplayName("with UNAVAILABLE is a retryable 503 titled 'Capacity store unavailable'")
        void unavailable() {
            SQLTransientConnectionException cause = new SQLTransientConnectionException("pool exhausted", "08001");
            CapacityUnavailable error = new CapacityUnavailable(ErrorCode.UNAVAILABLE,
                    "The capacity database could not be reached; retry later.", cause);
            assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(error.httpStatus()).isEqualTo(503);
            assertThat(error.isRetryable()).isTrue();
            assertThat(error.title()).isEqualTo("Capacity store unavailable");
            assertThat(error.getCause()).isSameAs(cause);
            assertThat(error.details()).isEmpty();
            assertThat(error.violations()).isEmpty();
            Problem p = assertDefaultProblem(error, "urn:capacity:problem:unavailable", 503);
            assertThat(p.extensions()).containsEntry("retryable", true);
            assertThat(p.extensions().keySet()).containsExactly("code", "retryable", "message");
        }

        @Test
        @DisplayName("with BUSY is a retryable 503 titled 'Capacity store busy'")
        void busy() {
            CapacityUnavailable error = new CapacityUnavailable(ErrorCode.BUSY, "Timed out waiting for a lock.", null);
            assertThat(error.code()).isEqualTo(ErrorCode.BUSY);
            assertThat(error.httpStatus()).isEqualTo(503);
            assertThat(error.isRetryable()).isTrue();
            assertThat(error.title()).isEqualTo("Capacity store busy");
            assertThat(error.getCause()).isNull();
            assertThat(error.toProblem().toJson()).isEqualTo("{\"type\":\"urn:capacity:problem:busy\","
                    + "\"title\":\"Capacity store busy\",\"status\":503,\"detail\":\"Timed out waiting for a lock.\","
                    + "\"code\":\"BUSY\",\"retryable\":true,\"message\":\"Timed out waiting for a lock.\"}");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = ErrorCode.class, names = {"UNAVAILABLE", "BUSY"}, mode = EnumSource.Mode.EXCLUDE)
        @DisplayName("rejects any code other than UNAVAILABLE and BUSY")
        void rejectsOtherCodes(ErrorCode code) {
            assertThatIllegalArgumentException().isThrownBy(() -> new CapacityUnavailable(code, "d", null))
                    .withMessageContaining(code.name());
        }

        @Test
        @DisplayName("rejects a null code or detail")
        void nulls() {
            assertThatNullPointerException().isThrownBy(() -> new CapacityUnavailable(null, "d", null))
                    .withMessage("code");
            assertThatNullPointerException().isThrownBy(() -> new CapacityUnavailable(ErrorCode.BUSY, null, null))
                    .withMessage("detail");
        }
    }

    @Nested
    @DisplayName("InternalFailure")
    class InternalFailureTest {

        private final SQLException cause = new SQLException("ERROR: relation \"allocations\" does not exist", "42P01");
        private final InternalFailure error = new InternalFailure("Unexpected database failure during placeHold",
                cause);

        @Test
        @DisplayName("is a non-retryable 500 INTERNAL that keeps its cause")
        void classification() {
            assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(error.httpStatus()).isEqualTo(500);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.title()).isEqualTo("Internal error");
            assertThat(error.getCause()).isSameAs(cause);
            assertThat(error.details()).isEmpty();
        }

        @Test
        @DisplayName("does not put the cause, its SQLSTATE or its SQL into the problem body")
        void causeStaysOut() {
            Problem p = assertDefaultProblem(error, "urn:capacity:problem:internal", 500);
            assertThat(p.extensions().keySet()).containsExactly("code", "retryable", "message");
            assertThat(p.toJson()).doesNotContain("42P01").doesNotContain("relation");
        }

        @Test
        @DisplayName("accepts a null cause")
        void nullCause() {
            assertThat(new InternalFailure("bug", null).getCause()).isNull();
        }
    }
}
