package dev.capacity.impl.hostile;

import dev.capacity.api.error.CapacityError;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One generated call of a public entry point, with everything it needs already drawn, so that it runs the same
 * way on every backend.
 *
 * @param name the entry point, for example {@code AllocationStore.placeHold}
 * @param args the arguments, described for people
 * @param names argument names an NPE or IAE of this call may name (empty: none may happen)
 * @param documented the {@link CapacityError} types the entry point documents
 * @param readOnly whether the call must never change stored data, whatever its outcome
 * @param action builds the arguments, calls the entry point, then (on success) checks that what was written reads
 *     back equal and records new ids in the world
 */
public record Op(String name, String args, Set<String> names, Set<Class<? extends CapacityError>> documented,
        boolean readOnly, Action action) {

    /** The call. */
    @FunctionalInterface
    public interface Action {
        /**
         * @param world the backend's world
         * @return the entry point's result (null for void)
         */
        @Nullable Object run(World world);
    }

    @Override
    public String toString() {
        return name + "(" + args + ")";
    }
}
