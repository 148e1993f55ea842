package dev.capacity.impl.hostile;

import java.util.UUID;

/**
 * A reference to an entity, resolved against each backend's {@link World} when a step runs: the ids the backends
 * generate differ, the references do not.
 *
 * @param kind known entity, unknown id or null
 * @param slot whose entity: 0 restaurant A, 1 restaurant B, 2 restaurants only the fuzzer made up
 * @param index which of them, modulo how many there are (negative: counted from the newest)
 * @param unknown the id used for {@link Kind#UNKNOWN}
 */
record Ref(Kind kind, int slot, int index, UUID unknown) {

    enum Kind { KNOWN, UNKNOWN, NULL }

    static Ref known(int slot, int index) {
        return new Ref(Kind.KNOWN, slot, index, new UUID(0, 0));
    }

    static Ref unknown(UUID id) {
        return new Ref(Kind.UNKNOWN, 2, 0, id);
    }

    static Ref nul() {
        return new Ref(Kind.NULL, 0, 0, new UUID(0, 0));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case KNOWN -> (slot == 0 ? "A" : slot == 1 ? "B" : "other") + "#" + index;
            case UNKNOWN -> "unknown";
            case NULL -> "null";
        };
    }
}
