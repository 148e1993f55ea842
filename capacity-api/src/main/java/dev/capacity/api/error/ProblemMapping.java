package dev.capacity.api.error;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How errors become problem bodies. Hosts override any method to change the HTTP status of a code, the problem
 * type URIs or the {@code instance}; {@link #defaults()} keeps the library's choices.
 *
 * <p>Implementations must be thread-safe and must not throw.
 */
public interface ProblemMapping {

    /**
     * Returns the mapping that keeps every default.
     *
     * @return the default mapping
     */
    static ProblemMapping defaults() {
        return DefaultProblemMapping.INSTANCE;
    }

    /**
     * The HTTP status for an error.
     *
     * @param error the error
     * @return by default {@link CapacityError#httpStatus()}
     */
    default int status(CapacityError error) {
        return error.httpStatus();
    }

    /**
     * The problem type URI for an error.
     *
     * @param error the error
     * @return by default {@code urn:capacity:problem:} followed by the code in lower case with hyphens, for
     *     example {@code urn:capacity:problem:hold-conflict}
     */
    default String type(CapacityError error) {
        return "urn:capacity:problem:" + error.code().code().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The {@code instance} URI for an error, such as the request path.
     *
     * @param error the error
     * @return by default null (left out of the body)
     */
    default @Nullable String instance(CapacityError error) {
        return null;
    }
}

/** The mapping with every default. */
enum DefaultProblemMapping implements ProblemMapping {
    INSTANCE
}
