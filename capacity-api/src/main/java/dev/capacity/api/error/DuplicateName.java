package dev.capacity.api.error;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Another zone of the restaurant already has this name (case-insensitively), or another table this label (HTTP
 * 409, code {@link ErrorCode#DUPLICATE_NAME}). Problem extensions: {@code entity} ({@code zone} or {@code table}),
 * {@code name}.
 */
public final class DuplicateName extends ConflictError {

    private static final long serialVersionUID = 1L;

    /** What kind of thing has the name taken ("zone", "table"). */
    private final String entity;
    /** The name that is taken. */
    private final String name;

    /**
     * Creates the error.
     *
     * @param entity {@code "zone"} or {@code "table"}
     * @param name the name or label that is taken
     * @param cause the underlying database error, if any
     */
    public DuplicateName(String entity, String name, @org.jspecify.annotations.Nullable Throwable cause) {
        super(ErrorCode.DUPLICATE_NAME, "A " + entity + " named '" + name + "' already exists in this restaurant.",
                cause);
        this.entity = Objects.requireNonNull(entity, "entity");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** @return {@code "zone"} or {@code "table"} */
    public String entity() {
        return entity;
    }

    /** @return the name or label that is taken */
    public String name() {
        return name;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entity", entity);
        m.put("name", name);
        return m;
    }
}
