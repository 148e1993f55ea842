package dev.capacity.impl.hostile;

import java.util.Set;
import java.util.TreeSet;

/** Collects the argument names an NPE or IAE of a step may name, from its hostile samples and null references. */
final class Names {

    private final Set<String> names = new TreeSet<>();

    Names ref(Ref ref, String name) {
        if (ref.kind() == Ref.Kind.NULL) {
            names.add(name);
        }
        return this;
    }

    Names sample(Sample<?> sample) {
        names.addAll(sample.names());
        return this;
    }

    Names nullable(Object value, String name) {
        if (value == null) {
            names.add(name);
        }
        return this;
    }

    Names sampleOrNull(Sample<?> sample, String name) {
        return sample(sample).nullable(sample.value(), name);
    }

    Set<String> build() {
        return Set.copyOf(names);
    }
}
