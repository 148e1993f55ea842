package dev.capacity.impl.hostile;

import dev.capacity.api.Confirmation;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.Hold;
import dev.capacity.api.PrunePreview;
import dev.capacity.api.PruneResult;
import dev.capacity.api.SweepResult;
import dev.capacity.api.ValidationResult;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.InternalFailure;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.Violation;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Judges the outcome of a step: a success, a documented {@link CapacityError}, or an NPE/IAE naming a hostile
 * argument are fine; anything else (a driver or jOOQ exception, an arithmetic or date-time exception, a 500 or
 * 503 for bad input, a database error text in a message) is a problem. Also reduces an outcome to a signature
 * that the backends must agree on.
 */
final class Outcomes {

    /** What a database error looks like when it leaks into a message: driver and jOOQ names, server text, SQL. */
    private static final List<String> LEAKS = List.of("sqlstate", "error:", "detail:", "hint:", "position:",
            "org.postgresql", "org.jooq", "java.sql", "psqlexception", "dataaccessexception", "select \"",
            "from \"", "set_config", "capacity_test_", "timestamp out of range", "invalid byte sequence",
            "unsupported unicode escape", "violates", "constraint");

    /** The SQLSTATEs the library's statements can raise, as whole words (ids never contain five-character words). */
    private static final Pattern SQLSTATES = Pattern.compile("(?<![0-9a-z])(22p05|22021|22008|22007|22003|22023|"
            + "22p02|2202e|23505|23503|23514|23502|23p01|40001|40p01|42501|42883|54000|54001|55p03|57014|08006|"
            + "08p01|0a000|xx000)(?![0-9a-z])");

    private Outcomes() {
    }

    /**
     * @return what is wrong with the outcome, or null when it is acceptable
     */
    static @Nullable String problem(Op op, @Nullable Throwable error) {
        if (error == null) {
            return null;
        }
        if (error instanceof AssertionError) {
            return "succeeded, but reading back what it wrote failed: " + describe(error);
        }
        if (error instanceof InternalFailure || error instanceof CapacityUnavailable) {
            return "bad input gave a " + ((CapacityError) error).httpStatus() + " " + describe(error);
        }
        if (error instanceof CapacityError c) {
            if (!op.documented().contains(c.getClass())) {
                return "undocumented error " + describe(error) + "; documented: " + op.documented().stream()
                        .map(Class::getSimpleName).sorted().toList();
            }
            String leak = leak(c.getMessage() + " " + c.toProblem().toJson());
            return leak == null ? null : "the error's message or problem body shows a database error (" + leak
                    + "): " + describe(error);
        }
        if (error instanceof NullPointerException || error instanceof IllegalArgumentException) {
            String message = error.getMessage();
            StackTraceElement[] stack = error.getStackTrace();
            String origin = stack.length == 0 ? "" : stack[0].getClassName();
            if (origin.startsWith("org.jooq") || origin.startsWith("org.postgresql")) {
                return "thrown inside " + origin + ": " + describe(error);
            }
            if (message == null || op.names().stream().noneMatch(message::contains)) {
                return "an " + error.getClass().getSimpleName() + " that names none of the hostile arguments "
                        + op.names() + ": " + describe(error);
            }
            String leak = leak(message);
            return leak == null ? null : "message shows a database error (" + leak + "): " + describe(error);
        }
        return "untyped exception " + describe(error);
    }

    private static @Nullable String leak(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Matcher state = SQLSTATES.matcher(lower);
        if (state.find()) {
            return state.group(1);
        }
        return LEAKS.stream().filter(lower::contains).findFirst().orElse(null);
    }

    static String describe(Throwable error) {
        String message = String.valueOf(error.getMessage()).replace("\n", " | ");
        if (message.length() > 300) {
            message = message.substring(0, 300) + "…";
        }
        return error.getClass().getName() + ": " + message;
    }

    /** A backend-independent summary of an outcome (ids differ between backends, so none appear). */
    static String signature(@Nullable Object result, @Nullable Throwable error) {
        if (error instanceof CapacityError c) {
            String s = c.getClass().getSimpleName() + ":" + c.code();
            if (c instanceof InvalidRequest ir) {
                s += ":" + ir.field();
            }
            if (c instanceof AssignmentRejected ar) {
                s += ":" + codes(ar.violations());
            }
            return s;
        }
        if (error != null) {
            return error.getClass().getSimpleName();
        }
        if (result == null) {
            return "ok";
        }
        if (result instanceof Collection<?> c) {
            return "ok:" + c.size();
        }
        if (result instanceof Optional<?> o) {
            return o.isPresent() ? "ok:present" : "ok:empty";
        }
        if (result instanceof Boolean || result instanceof Integer) {
            return "ok:" + result;
        }
        if (result instanceof Hold h) {
            return "ok:hold:" + h.status() + ":" + h.tableIds().size();
        }
        if (result instanceof Confirmation c) {
            return "ok:confirmation:" + c.allocations().size();
        }
        if (result instanceof ValidationResult v) {
            return "ok:validation:" + v.ok() + ":" + codes(v.checks());
        }
        if (result instanceof SweepResult s) {
            return "ok:sweep:" + s.swept() + ":" + s.backlogRemaining();
        }
        if (result instanceof PruneResult p) {
            return "ok:prune:" + p.archived() + ":" + p.purged() + ":" + p.backlogRemaining();
        }
        if (result instanceof PrunePreview p) {
            return "ok:preview:" + p.eligible() + ":" + p.archived();
        }
        if (result instanceof FloorPlan p) {
            return "ok:plan:" + p.zones().size() + ":" + p.tables().size() + ":" + p.adjacency().size();
        }
        return "ok:" + result.getClass().getSimpleName();
    }

    private static String codes(List<Violation> violations) {
        return violations.stream().map(v -> v.code().code()).collect(Collectors.toCollection(TreeSet::new))
                .toString();
    }
}
