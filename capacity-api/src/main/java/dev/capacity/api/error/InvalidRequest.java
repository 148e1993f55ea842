package dev.capacity.api.error;

import java.util.Map;
import java.util.Objects;

/**
 * A malformed request, rejected before any check runs and before anything is written (HTTP 400). Codes:
 * {@link ErrorCode#TABLES_REQUIRED}, {@link ErrorCode#DUPLICATE_TABLE_IDS}, {@link ErrorCode#INVALID_PARTY_SIZE},
 * {@link ErrorCode#INVALID_TTL}, {@link ErrorCode#INVALID_REQUEST}. Problem extensions: {@code field}.
 */
public final class InvalidRequest extends CapacityError {

    private static final long serialVersionUID = 1L;

    /** The request field at fault. */
    private final String field;

    /**
     * Creates the error.
     *
     * @param code one of the 400 codes
     * @param field the request field at fault, for example {@code "tableIds"}
     * @param detail what is wrong, for people
     * @throws IllegalArgumentException if {@code code} is not a 400 code
     */
    public InvalidRequest(ErrorCode code, String field, String detail) {
        super(code, detail, null);
        if (code.defaultStatus() != 400) {
            throw new IllegalArgumentException("code must be a 400 code: " + code);
        }
        this.field = Objects.requireNonNull(field, "field");
    }

    /** @return the request field at fault */
    public String field() {
        return field;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("field", field);
    }
}
