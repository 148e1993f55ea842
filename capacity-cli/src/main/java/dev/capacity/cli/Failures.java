package dev.capacity.cli;

import dev.capacity.api.error.CapacityError;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns a failed run into a message on stderr and an exit code. Unlike the library's errors for clients, the
 * operator sees the database's own message: it is what they need to fix the cause.
 */
final class Failures {

    /** Timeouts, cancellations, serialization failures and deadlocks: running again later may succeed. */
    private static final Set<String> RETRYABLE_STATES = Set.of("55P03", "57014", "57P01", "57P02", "57P03",
            "40001", "40P01");
    /** The schema or its tables are missing: wrong --schema, or the migrations were not applied. */
    private static final Set<String> MISSING_SCHEMA_STATES = Set.of("3F000", "42P01");

    private Failures() {
    }

    static ExitCode report(RuntimeException e, String schema, PrintStream err) {
        if (e instanceof CapacityError c) {
            err.printf("capacity-cli: %s: %s%n", c.code().code(), c.detail());
            explain(c, schema, err);
            return c.isRetryable() ? ExitCode.RETRYABLE : ExitCode.FAILURE;
        }
        err.println("capacity-cli: unexpected failure: " + e);
        return ExitCode.FAILURE;
    }

    static ExitCode report(SQLException e, String schema, PrintStream err) {
        err.println("capacity-cli: the status query failed: " + e.getMessage());
        explain(e, schema, err);
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || RETRYABLE_STATES.contains(state))
                ? ExitCode.RETRYABLE : ExitCode.FAILURE;
    }

    private static void explain(Throwable e, String schema, PrintStream err) {
        SQLException sql = sqlCause(e);
        if (sql != null && e != sql) {
            err.println("  cause: " + sql.getMessage());
        }
        if (sql != null && MISSING_SCHEMA_STATES.contains(sql.getSQLState())) {
            err.println("  schema " + schema + " has no capacity tables: check --schema, and that the migrations"
                    + " (db/capacity/migration) were applied to it");
        }
    }

    private static @Nullable SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
