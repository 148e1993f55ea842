package dev.capacity.impl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.capacity.api.HoldId;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.error.InternalFailure;
import dev.capacity.impl.internal.SqlStates.Kind;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

@DisplayName("SqlStates")
class SqlStatesTest {

    /** A server error as pgjdbc builds it from the wire: fields tagged S(everity), C(ode), M(essage), n (constraint). */
    static PSQLException server(String state, String constraint) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0MSELECT secret FROM allocations failed"
                + "\0n" + constraint + "\0tallocations\0"));
    }

    static PSQLException server(String state) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0MUPDATE holds SET x = 1 failed\0"));
    }

    /** jOOQ's wrapper around a driver exception, as every jOOQ call throws it. */
    static DataAccessException jooq(Throwable cause) {
        return new DataAccessException("SQL [insert into allocations ...]; " + cause.getMessage(), cause);
    }

    @Nested
    @DisplayName("sqlState()")
    class SqlState {

        @Test
        @DisplayName("reads the state of a PSQLException built from a server error")
        void psqlException() {
            assertThat(SqlStates.sqlState(server("23P01"))).isEqualTo("23P01");
        }

        @Test
        @DisplayName("reads the state of a plain SQLException")
        void plainSqlException() {
            assertThat(SqlStates.sqlState(new SQLException("x", "40001"))).isEqualTo("40001");
        }

        @Test
        @DisplayName("finds the state through jOOQ's DataAccessException")
        void throughJooq() {
            assertThat(SqlStates.sqlState(jooq(server("23505")))).isEqualTo("23505");
        }

        @Test
        @DisplayName("walks several causes deep, past exceptions without a state")
        void deepCause() {
            Throwable t = new RuntimeException("outer", new IllegalStateException("middle",
                    jooq(new SQLException("no state", null, new SQLException("inner", "55P03")))));
            assertThat(SqlStates.sqlState(t)).isEqualTo("55P03");
        }

        @Test
        @DisplayName("returns the first state on the way down, not a deeper one")
        void firstWins() {
            assertThat(SqlStates.sqlState(new SQLException("outer", "40P01", new SQLException("inner", "23P01"))))
                    .isEqualTo("40P01");
        }

        @Test
        @DisplayName("looks at getNextException(), where pgjdbc puts the server error of a failed batch")
        void nextException() {
            BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
            batch.setNextException(server("23P01", "allocations_no_overlap"));
            assertThat(SqlStates.sqlState(jooq(batch))).isEqualTo("23P01");
            assertThat(SqlStates.constraintName(jooq(batch))).isEqualTo("allocations_no_overlap");
        }

        @Test
        @DisplayName("treats blank states and jOOQ's '00000' as no state")
        void blankIsNone() {
            assertThat(SqlStates.sqlState(new SQLException("x", " "))).isNull();
            assertThat(SqlStates.sqlState(new DataAccessException("no cause"))).isNull();
            assertThat(SqlStates.sqlState(new SQLException("x", "00000", new SQLException("y", "57014"))))
                    .isEqualTo("57014");
        }

        @Test
        @DisplayName("returns null when nothing carries a state")
        void none() {
            assertThat(SqlStates.sqlState(new IllegalStateException("boom"))).isNull();
        }

        @Test
        @DisplayName("terminates on a cycle of next exceptions")
        void cycle() {
            SQLException a = new SQLException("a");
            SQLException b = new SQLException("b");
            a.setNextException(b);
            b.setNextException(a);
            assertThat(SqlStates.sqlState(a)).isNull();
            assertThat(SqlStates.classify(a)).isEqualTo(Kind.OTHER);
        }

        @Test
        @DisplayName("rejects null with an NPE naming 't'")
        void nullThrowable() {
            assertThatNullPointerException().isThrownBy(() -> SqlStates.sqlState(null)).withMessage("t");
        }
    }

    @Nested
    @DisplayName("classify()")
    class Classify {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "23P01, EXCLUSION_VIOLATION", "23505, UNIQUE_VIOLATION", "23503, FOREIGN_KEY_VIOLATION",
            "23514, CHECK_VIOLATION", "23502, NOT_NULL_VIOLATION", "40001, SERIALIZATION_FAILURE",
            "40P01, DEADLOCK", "55P03, LOCK_TIMEOUT", "57014, STATEMENT_TIMEOUT",
            "08000, CONNECTION", "08001, CONNECTION", "08003, CONNECTION", "08004, CONNECTION", "08006, CONNECTION",
            "08P01, CONNECTION", "57P01, CONNECTION", "57P02, CONNECTION", "57P03, CONNECTION",
            "42P01, OTHER", "22001, OTHER", "23000, OTHER", "40000, OTHER", "57000, OTHER", "XX000, OTHER"})
        @DisplayName("maps each SQLSTATE, bare or wrapped by jOOQ, to its kind")
        void states(String state, Kind expected) {
            assertThat(SqlStates.classify(server(state))).isEqualTo(expected);
            assertThat(SqlStates.classify(jooq(new SQLException("x", state)))).isEqualTo(expected);
        }

        @Test
        @DisplayName("every kind with a single state reports it")
        void kindStates() {
            assertThat(Kind.EXCLUSION_VIOLATION.sqlState()).isEqualTo("23P01");
            assertThat(Kind.DEADLOCK.sqlState()).isEqualTo("40P01");
            assertThat(Kind.CONNECTION.sqlState()).isNull();
            assertThat(Kind.OTHER.sqlState()).isNull();
        }

        @Test
        @DisplayName("maps pgjdbc's own client-side connection states to CONNECTION")
        void driverConnectionStates() {
            assertThat(SqlStates.classify(new PSQLException("refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)))
                    .isEqualTo(Kind.CONNECTION);
            assertThat(SqlStates.classify(new PSQLException("I/O error", PSQLState.CONNECTION_FAILURE,
                    new EOFException()))).isEqualTo(Kind.CONNECTION);
        }

        @Test
        @DisplayName("without a state, an IOException or java.net failure in the chain means CONNECTION")
        void ioWithoutState() {
            assertThat(SqlStates.classify(new UncheckedIOException(new EOFException("eof")))).isEqualTo(Kind.CONNECTION);
            assertThat(SqlStates.classify(jooq(new SQLException("x", null, new ConnectException("refused")))))
                    .isEqualTo(Kind.CONNECTION);
            assertThat(SqlStates.classify(new RuntimeException(new SocketTimeoutException("read timed out"))))
                    .isEqualTo(Kind.CONNECTION);
        }

        @Test
        @DisplayName("without a state, a pool's SQLTransientConnectionException means CONNECTION")
        void poolTimeout() {
            assertThat(SqlStates.classify(new SQLTransientConnectionException("pool - Connection is not available")))
                    .isEqualTo(Kind.CONNECTION);
            assertThat(SqlStates.classify(new SQLNonTransientConnectionException("closed")))
                    .isEqualTo(Kind.CONNECTION);
        }

        @Test
        @DisplayName("a state wins over an IOException deeper in the chain")
        void stateWins() {
            assertThat(SqlStates.classify(new SQLException("x", "23505", new EOFException())))
                    .isEqualTo(Kind.UNIQUE_VIOLATION);
        }

        @Test
        @DisplayName("anything else is OTHER")
        void other() {
            assertThat(SqlStates.classify(new IllegalStateException("bug"))).isEqualTo(Kind.OTHER);
            assertThat(SqlStates.classify(new SQLException("no state"))).isEqualTo(Kind.OTHER);
        }
    }

    @Nested
    @DisplayName("constraintName()")
    class ConstraintName {

        @Test
        @DisplayName("reads the constraint from the server error, also through jOOQ")
        void fromServerError() {
            assertThat(SqlStates.constraintName(server("23505", "zones_restaurant_lower_name_key")))
                    .isEqualTo("zones_restaurant_lower_name_key");
            assertThat(SqlStates.constraintName(jooq(server("23P01", "allocations_no_overlap"))))
                    .isEqualTo("allocations_no_overlap");
        }

        @Test
        @DisplayName("is null without a server error or without a constraint field")
        void absent() {
            assertThat(SqlStates.constraintName(new SQLException("x", "23505"))).isNull();
            assertThat(SqlStates.constraintName(server("40001"))).isNull();
            assertThat(SqlStates.constraintName(new PSQLException("x", PSQLState.UNIQUE_VIOLATION))).isNull();
        }
    }

    @Nested
    @DisplayName("isRetryableTransaction()")
    class RetryableTransaction {

        @ParameterizedTest
        @ValueSource(strings = {"40001", "40P01"})
        @DisplayName("is true for serialization failures and deadlocks")
        void retryable(String state) {
            assertThat(SqlStates.isRetryableTransaction(jooq(server(state)))).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"23P01", "23505", "55P03", "57014", "08006", "42P01"})
        @DisplayName("is false for every other state")
        void notRetryable(String state) {
            assertThat(SqlStates.isRetryableTransaction(jooq(server(state)))).isFalse();
        }

        @Test
        @DisplayName("is false without a state")
        void noState() {
            assertThat(SqlStates.isRetryableTransaction(new IllegalStateException())).isFalse();
        }
    }

    @Nested
    @DisplayName("translate()")
    class Translate {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"55P03, BUSY", "57014, BUSY", "40001, BUSY", "40P01, BUSY",
            "08006, UNAVAILABLE", "08001, UNAVAILABLE", "57P01, UNAVAILABLE", "57P02, UNAVAILABLE", "57P03, UNAVAILABLE"})
        @DisplayName("turns timeouts, serialization failures and deadlocks into BUSY, connection failures into UNAVAILABLE")
        void retryable(String state, ErrorCode code) {
            DataAccessException failure = jooq(server(state));
            CapacityError error = SqlStates.translate(failure, "placeHold");
            assertThat(error).isInstanceOf(CapacityUnavailable.class);
            assertThat(error.code()).isEqualTo(code);
            assertThat(error.httpStatus()).isEqualTo(503);
            assertThat(error.isRetryable()).isTrue();
            assertThat(error.getCause()).isSameAs(failure);
            assertThat(error.getMessage()).contains("placeHold");
        }

        @ParameterizedTest
        @ValueSource(strings = {"23P01", "23505", "23503", "23514", "23502", "42P01", "XX000"})
        @DisplayName("turns domain states the caller did not map, and unknown states, into INTERNAL")
        void internal(String state) {
            DataAccessException failure = jooq(server(state));
            CapacityError error = SqlStates.translate(failure, "sweep");
            assertThat(error).isInstanceOf(InternalFailure.class);
            assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(error.isRetryable()).isFalse();
            assertThat(error.getMessage()).isEqualTo("Unexpected database failure during sweep");
            assertThat(error.getCause()).isSameAs(failure);
        }

        @Test
        @DisplayName("turns a broken socket without a state into UNAVAILABLE and a plain bug into INTERNAL")
        void withoutState() {
            assertThat(SqlStates.translate(new UncheckedIOException(new EOFException()), "prune").code())
                    .isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(SqlStates.translate(new IllegalStateException("bug"), "prune").code())
                    .isEqualTo(ErrorCode.INTERNAL);
        }

        @ParameterizedTest
        @ValueSource(strings = {"23P01", "23505", "23503", "23514", "23502", "40001", "40P01", "55P03", "57014",
            "08006", "57P01", "57P02", "57P03", "42P01"})
        @DisplayName("never puts the SQLSTATE, the SQL text or the server message into the message or problem body")
        void noLeak(String state) {
            CapacityError error = SqlStates.translate(jooq(server(state, "allocations_no_overlap")), "placeHold");
            String json = error.toProblem().toJson();
            for (String secret : new String[] {state, "SELECT", "secret", "allocations", "insert into"}) {
                assertThat(error.getMessage()).doesNotContainIgnoringCase(secret);
                assertThat(json).doesNotContainIgnoringCase(secret);
            }
        }

        @Test
        @DisplayName("returns a CapacityError unchanged")
        void capacityErrorUnchanged() {
            HoldNotFound notFound = new HoldNotFound(HoldId.random());
            assertThat(SqlStates.translate(notFound, "releaseHold")).isSameAs(notFound);
        }

        @Test
        @DisplayName("rejects a null failure or operation")
        void nulls() {
            assertThatNullPointerException().isThrownBy(() -> SqlStates.translate(null, "x")).withMessage("t");
            assertThatNullPointerException().isThrownBy(() -> SqlStates.translate(new SQLException(), null))
                    .withMessage("operation");
        }
    }
}
