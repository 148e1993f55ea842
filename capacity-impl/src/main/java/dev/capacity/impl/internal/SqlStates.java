package dev.capacity.impl.internal;

import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.InternalFailure;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jooq.exception.DataAccessException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The one place where database exceptions become {@link CapacityError}s, so that SQLSTATEs never leak to hosts.
 *
 * <p>{@link #translate(Throwable, String)} handles only the cases that mean the same thing in every operation:
 * timeouts, serialization failures and deadlocks become a retryable {@link ErrorCode#BUSY}, broken or refused
 * connections a retryable {@link ErrorCode#UNAVAILABLE}, anything else {@link ErrorCode#INTERNAL}. The
 * domain-specific states are mapped by the caller, which knows what the statement was doing, <em>before</em>
 * falling back to {@code translate}: {@link Kind#EXCLUSION_VIOLATION} (23P01) on {@code allocations} becomes a
 * {@code HoldConflict}/{@code BookingConflict}/{@code TableOutOfService} naming the blockers it re-reads, a
 * deadlock (40P01) while writing allocations becomes that same conflict, {@link Kind#UNIQUE_VIOLATION} (23505) on
 * a zone name or table label becomes {@code DuplicateName} (use {@link #constraintName(Throwable)} to tell which),
 * a {@link Kind#FOREIGN_KEY_VIOLATION} (23503) on delete becomes {@code TableInUse}/{@code ZoneInUse}. Callers
 * that run whole transactions retry {@link #isRetryableTransaction(Throwable) 40001/40P01} a few times before
 * giving up with {@code translate}.
 *
 * <p>The driver or jOOQ exception is always kept as the {@linkplain Throwable#getCause() cause}, for logs; the
 * messages of translated errors name the operation only, never the SQLSTATE, the SQL text or the server message.
 *
 * <p>Stateless and thread-safe.
 */
public final class SqlStates {

    /** What a database failure means for the library, derived from its SQLSTATE. */
    public enum Kind {
        /** 23P01 {@code exclusion_violation}: an allocation overlaps another on the same table. */
        EXCLUSION_VIOLATION("23P01"),
        /** 23505 {@code unique_violation}: a zone name or table label is taken, or an id is reused. */
        UNIQUE_VIOLATION("23505"),
        /** 23503 {@code foreign_key_violation}: a referenced row is missing, or a referencing row blocks a delete. */
        FOREIGN_KEY_VIOLATION("23503"),
        /** 23514 {@code check_violation}: a row breaks a CHECK constraint. */
        CHECK_VIOLATION("23514"),
        /** 23502 {@code not_null_violation}. */
        NOT_NULL_VIOLATION("23502"),
        /** 40001 {@code serialization_failure}: retry the whole transaction. */
        SERIALIZATION_FAILURE("40001"),
        /** 40P01 {@code deadlock_detected}: retry the whole transaction. */
        DEADLOCK("40P01"),
        /** 55P03 {@code lock_not_available}: {@code lock_timeout} fired or {@code NOWAIT} found a lock. */
        LOCK_TIMEOUT("55P03"),
        /** 57014 {@code query_canceled}: {@code statement_timeout} fired or the statement was cancelled. */
        STATEMENT_TIMEOUT("57014"),
        /**
         * The connection could not be made or broke: class 08, 57P01 {@code admin_shutdown}, 57P02
         * {@code crash_shutdown}, 57P03 {@code cannot_connect_now}; or no SQLSTATE at all but an
         * {@link IOException} (which covers {@code java.net} failures) or an SQL connection exception in the chain.
         */
        CONNECTION(null),
        /** Anything else. */
        OTHER(null);

        private final @Nullable String sqlState;

        Kind(@Nullable String sqlState) {
            this.sqlState = sqlState;
        }

        /**
         * Returns the single SQLSTATE of this kind.
         *
         * @return the state, or null for {@link #CONNECTION} (many states) and {@link #OTHER}
         */
        public @Nullable String sqlState() {
            return sqlState;
        }

        static Kind of(String state) {
            for (Kind kind : values()) {
                if (state.equals(kind.sqlState)) {
                    return kind;
                }
            }
            if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                return CONNECTION;
            }
            return OTHER;
        }
    }

    /** Bounds the walk: cause chains are short, but a buggy exception could link itself in a long loop. */
    private static final int MAX_CHAIN = 64;

    /** jOOQ's {@link DataAccessException#sqlState()} answers this when it found no state. */
    private static final String NO_STATE = "00000";

    private SqlStates() {
    }

    /**
     * Returns the first SQLSTATE in the exception, its causes and the {@linkplain SQLException#getNextException()
     * next exceptions} of SQL exceptions (where pgjdbc puts the server error of a failed batch).
     *
     * @param t the failure
     * @return the five-character state, or null when none of the exceptions carries one
     */
    public static @Nullable String sqlState(Throwable t) {
        Objects.requireNonNull(t, "t");
        for (Throwable e : chain(t)) {
            String state = ownState(e);
            if (state != null) {
                return state;
            }
        }
        return null;
    }

    /**
     * Classifies a failure by its first SQLSTATE; without one, by the exception types in the chain.
     *
     * @param t the failure
     * @return the kind, {@link Kind#OTHER} when nothing matches
     */
    public static Kind classify(Throwable t) {
        String state = sqlState(t);
        if (state != null) {
            return Kind.of(state);
        }
        for (Throwable e : chain(t)) {
            // pgjdbc wraps I/O failures in a PSQLException with an 08 state, so these only decide when no driver
            // exception is involved: a pool's connection timeout, a socket error surfacing raw.
            if (e instanceof IOException || e instanceof SQLTransientConnectionException
                    || e instanceof SQLNonTransientConnectionException) {
                return Kind.CONNECTION;
            }
        }
        return Kind.OTHER;
    }

    /**
     * Returns the name of the constraint the server reported, so callers can tell a zone-name clash from a
     * table-label clash or the exclusion constraint from a foreign key.
     *
     * @param t the failure
     * @return the first constraint name a {@link PSQLException} in the chain carries, or null
     */
    public static @Nullable String constraintName(Throwable t) {
        Objects.requireNonNull(t, "t");
        for (Throwable e : chain(t)) {
            if (e instanceof PSQLException p) {
                ServerErrorMessage server = p.getServerErrorMessage();
                if (server != null && server.getConstraint() != null) {
                    return server.getConstraint();
                }
            }
        }
        return null;
    }

    /**
     * Tells whether the whole transaction may succeed if run again: serialization failure (40001) or deadlock
     * (40P01). Callers retry those a few times, then {@link #translate} the last failure into a retryable
     * {@link ErrorCode#BUSY}.
     *
     * @param t the failure
     * @return {@code true} for 40001 and 40P01
     */
    public static boolean isRetryableTransaction(Throwable t) {
        Kind kind = classify(t);
        return kind == Kind.SERIALIZATION_FAILURE || kind == Kind.DEADLOCK;
    }

    /**
     * Turns a failure the caller has no domain meaning for into a {@link CapacityError}: timeouts,
     * serialization failures and deadlocks into a retryable {@link ErrorCode#BUSY}, connection failures into a
     * retryable {@link ErrorCode#UNAVAILABLE}, anything else into {@link ErrorCode#INTERNAL}. The failure is kept
     * as the cause; the message names the operation and nothing of the database error.
     *
     * @param t the failure; returned unchanged when it already is a {@link CapacityError}
     * @param operation what the library was doing, for people, for example {@code "placeHold"}
     * @return the error to throw
     */
    public static CapacityError translate(Throwable t, String operation) {
        Objects.requireNonNull(t, "t");
        Objects.requireNonNull(operation, "operation");
        if (t instanceof CapacityError error) {
            return error;
        }
        return switch (classify(t)) {
            case LOCK_TIMEOUT -> busy("Timed out waiting for a lock during " + operation + "; retry later.", t);
            case STATEMENT_TIMEOUT -> busy("The database took too long during " + operation + "; retry later.", t);
            case SERIALIZATION_FAILURE, DEADLOCK ->
                    busy("Concurrent updates kept conflicting during " + operation + "; retry later.", t);
            case CONNECTION -> new CapacityUnavailable(ErrorCode.UNAVAILABLE,
                    "The capacity database could not be reached during " + operation + "; retry later.", t);
            case EXCLUSION_VIOLATION, UNIQUE_VIOLATION, FOREIGN_KEY_VIOLATION, CHECK_VIOLATION, NOT_NULL_VIOLATION,
                    OTHER -> new InternalFailure("Unexpected database failure during " + operation, t);
        };
    }

    private static CapacityUnavailable busy(String detail, Throwable cause) {
        return new CapacityUnavailable(ErrorCode.BUSY, detail, cause);
    }

    /** The SQLSTATE an exception carries itself, ignoring its causes; blank and "no state" count as none. */
    private static @Nullable String ownState(Throwable e) {
        String state = null;
        if (e instanceof SQLException sql) {
            state = sql.getSQLState();
        } else if (e instanceof DataAccessException dae) {
            state = jooqState(dae);
        }
        return state == null || state.isBlank() || state.equals(NO_STATE) ? null : state;
    }

    private static @Nullable String jooqState(DataAccessException dae) {
        try {
            return dae.sqlState();
        } catch (LinkageError e) {
            // sqlState() looks for an R2DBC cause when there is no JDBC one; hosts that exclude the optional
            // r2dbc-spi jar get NoClassDefFoundError there. The walk visits any JDBC cause itself anyway.
            return null;
        }
    }

    /**
     * The exception followed by its causes, depth first, each SQL exception followed by its next exceptions
     * (and their causes); every exception once, at most {@link #MAX_CHAIN}.
     */
    private static List<Throwable> chain(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        visit(t, out, seen);
        return out;
    }

    private static void visit(@Nullable Throwable t, List<Throwable> out, Set<Throwable> seen) {
        for (Throwable e = t; e != null && out.size() < MAX_CHAIN && seen.add(e); e = e.getCause()) {
            out.add(e);
            if (e instanceof SQLException sql) {
                visit(sql.getNextException(), out, seen);
            }
        }
    }
}
