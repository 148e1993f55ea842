package dev.capacity.api.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem body ({@code application/problem+json}).
 *
 * <p>The standard members are {@code type}, {@code title}, {@code status}, {@code detail} and {@code instance};
 * everything else is an extension member. Errors of this library always add {@code code}, {@code retryable},
 * {@code message} (equal to {@code detail}, for clients of the older {@code {message, code, details}} body),
 * {@code violations} when there are any, and their typed details (see {@link CapacityError#details()}).
 *
 * @param type URI reference that identifies the problem type
 * @param title short summary of the problem type
 * @param status HTTP status code
 * @param detail explanation of this occurrence
 * @param instance URI reference of this occurrence, when the host supplies one
 * @param extensions extension members, unmodifiable, in insertion order
 */
public record Problem(
        String type, String title, int status, String detail, @Nullable String instance, Map<String, Object> extensions) {

    /**
     * Creates a problem; {@code extensions} is copied.
     *
     * @param type URI reference that identifies the problem type
     * @param title short summary of the problem type
     * @param status HTTP status code
     * @param detail explanation of this occurrence
     * @param instance URI reference of this occurrence, when the host supplies one
     * @param extensions extension members, unmodifiable, in insertion order
     * @throws NullPointerException if a non-nullable argument is null
     * @throws IllegalArgumentException if {@code status} is not 100–599 or an extension reuses a standard member name
     */
    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(extensions, "extensions");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100-599: " + status);
        }
        for (String member : new String[] {"type", "title", "status", "detail", "instance"}) {
            if (extensions.containsKey(member)) {
                throw new IllegalArgumentException("extensions must not redefine '" + member + "'");
            }
        }
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /**
     * Returns all members as one map, standard members first; {@code instance} is left out when null.
     *
     * @return an unmodifiable map ready for a JSON encoder
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("title", title);
        m.put("status", status);
        m.put("detail", detail);
        if (instance != null) {
            m.put("instance", instance);
        }
        m.putAll(extensions);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Encodes {@link #toMap()} as compact JSON (strings, numbers, booleans, null, maps, lists; any other value
     * as its {@code toString()}), so that hosts without a JSON library can answer with it directly.
     *
     * @return the JSON text
     */
    public String toJson() {
        return Json.write(toMap());
    }
}
