package dev.capacity.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Defensive copies for the request records. {@link List#copyOf} and {@link Map#copyOf} reject a null element with
 * an NPE that has no message; these name the argument, so a host can tell which part of its request was wrong.
 */
final class Copies {

    private Copies() {
    }

    /**
     * Copies a list that must not be or contain null.
     *
     * @throws NullPointerException naming {@code name} if the list is null or contains null
     */
    static <T> List<T> list(List<T> list, String name) {
        Objects.requireNonNull(list, name);
        for (T element : list) {
            if (element == null) {
                throw new NullPointerException(name + " must not contain null");
            }
        }
        return List.copyOf(list);
    }

    /**
     * Copies a map whose keys and values must not be null.
     *
     * @throws NullPointerException naming {@code name} if the map is null or has a null key or value
     */
    static Map<String, String> map(Map<String, String> map, String name) {
        Objects.requireNonNull(map, name);
        map.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new NullPointerException(name + " must not contain a null key or value");
            }
        });
        return Map.copyOf(map);
    }
}
