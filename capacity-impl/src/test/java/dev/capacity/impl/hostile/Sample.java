package dev.capacity.impl.hostile;

import java.util.Set;

/**
 * A generated value with a short name for failure reports, and the argument names that an NPE or IAE caused by it
 * may mention (empty for an ordinary value, which must never cause one).
 *
 * @param name what the value is, for people
 * @param value the value, possibly null
 * @param names argument names a rejection of it may name
 * @param <T> the value type
 */
public record Sample<T>(String name, T value, Set<String> names) {

    /** An ordinary value: nothing may be rejected because of it. */
    static <T> Sample<T> ok(String name, T value) {
        return new Sample<>(name, value, Set.of());
    }

    /** A hostile value that an NPE or IAE may reject by naming one of {@code names}. */
    static <T> Sample<T> bad(String name, T value, String... names) {
        return new Sample<>(name, value, Set.of(names));
    }

    /** Whether it is a hostile value. */
    boolean hostile() {
        return !names.isEmpty();
    }

    @Override
    public String toString() {
        return name;
    }
}
