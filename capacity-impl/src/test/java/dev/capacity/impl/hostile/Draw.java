package dev.capacity.impl.hostile;

import static dev.capacity.impl.hostile.HostileValues.T0;
import static dev.capacity.impl.hostile.HostileValues.pick;

import dev.capacity.api.AdjacencyMode;
import dev.capacity.api.AllocationId;
import dev.capacity.api.SlackOverride;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Draws the arguments of a step. Whatever depends on a backend's ids is drawn as a {@link Make} that builds the
 * value from a {@link World} when the step runs; everything random is drawn here, once per step.
 */
final class Draw {

    /** Builds a value for one backend when a step runs. */
    @FunctionalInterface
    interface Make<T> {
        T make(World w);
    }

    private static final List<Sample<Instant>> INSTANTS = HostileValues.instants();

    private final SplittableRandom r;
    /** Whether the step being drawn uses ordinary values only, so that calls also succeed and build up state. */
    private boolean clean;

    Draw(SplittableRandom r) {
        this.r = r;
    }

    /** Starts drawing a step: about two in five steps use ordinary values only. */
    void nextStep() {
        clean = r.nextInt(5) < 2;
    }

    SplittableRandom random() {
        return r;
    }

    /** A restaurant: mostly A, sometimes B, one nobody set up, or null. */
    Ref restaurant() {
        int n = clean ? 0 : r.nextInt(20);
        return n < 13 ? Ref.known(0, 0) : n < 16 ? Ref.known(1, 0) : n < 19 ? Ref.unknown(uuid()) : Ref.nul();
    }

    /** An entity of a slot: mostly A's, sometimes B's (another tenant's), an unknown id or null. */
    Ref entity() {
        if (clean) {
            // One of A's three newest: the hold just placed, the table just created.
            return Ref.known(0, -1 - r.nextInt(3));
        }
        int n = r.nextInt(20);
        return n < 14 ? Ref.known(0, r.nextInt(8)) : n < 17 ? Ref.known(1, r.nextInt(4))
                : n < 19 ? Ref.unknown(uuid()) : Ref.nul();
    }

    /** A booking: one of the run's, one nobody used, or null. */
    Ref booking() {
        int n = clean ? 0 : r.nextInt(10);
        return n < 8 ? Ref.known(0, r.nextInt(clean ? 2 : 6)) : n < 9 ? Ref.unknown(uuid()) : Ref.nul();
    }

    UUID uuid() {
        return new UUID(r.nextLong(), r.nextLong());
    }

    /** A table selection: one to three of A's tables mostly; empty, repeated, other tenants', huge, or with null. */
    Sample<Make<List<TableId>>> tables() {
        int n = clean ? 0 : r.nextInt(40);
        if (n < 24) {
            List<Ref> refs = new ArrayList<>();
            int size = 1 + r.nextInt(3);
            int first = r.nextInt(8);
            for (int i = 0; i < size; i++) {
                refs.add(Ref.known(0, first + i));
            }
            return Sample.ok("A" + refs, w -> refs.stream().map(w::table).distinct().toList());
        }
        List<UUID> random = new ArrayList<>();
        return switch (n) {
            case 24, 25 -> Sample.ok("empty", w -> List.of());
            case 26, 27 -> Sample.ok("repeated", w -> List.of(w.table(Ref.known(0, 0)), w.table(Ref.known(0, 0))));
            case 28, 29 -> Sample.ok("A+B", w -> List.of(w.table(Ref.known(0, 0)), w.table(Ref.known(1, 0))));
            case 30, 31 -> Sample.ok("B-only", w -> List.of(w.table(Ref.known(1, 0))));
            case 32 -> {
                long seed = r.nextLong();
                yield Sample.ok("10000-random", w -> randomIds(seed, 10_000, TableId::new));
            }
            case 33 -> Sample.ok("10000-repeated", w -> java.util.Collections.nCopies(10_000, w.table(Ref.known(0, 1))));
            case 34 -> {
                long seed = r.nextLong();
                yield Sample.ok("40000-random", w -> randomIds(seed, 40_000, TableId::new));
            }
            case 35, 36 -> Sample.bad("with-null", w -> Arrays.asList(w.table(Ref.known(0, 0)), null),
                    "tableIds", "tables", "table");
            case 37 -> Sample.bad("null-list", w -> null, "tableIds", "tables");
            default -> {
                random.add(uuid());
                yield Sample.ok("unknown", w -> List.of(new TableId(random.get(0))));
            }
        };
    }

    static <T> List<T> randomIds(long seed, int count, java.util.function.Function<UUID, T> wrap) {
        SplittableRandom ids = new SplittableRandom(seed);
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(wrap.apply(new UUID(ids.nextLong(), ids.nextLong())));
        }
        return out;
    }

    /** Allocation ids to restore: known ones, unknown, repeated, more than the limit, or with null. */
    Sample<Make<List<AllocationId>>> allocationIds() {
        int n = r.nextInt(12);
        return switch (n) {
            case 0 -> Sample.ok("empty", w -> List.of());
            case 1 -> {
                long seed = r.nextLong();
                yield Sample.ok("10001-random", w -> randomIds(seed, 10_001, AllocationId::new));
            }
            case 2 -> {
                long seed = r.nextLong();
                yield Sample.ok("10000-random", w -> randomIds(seed, 10_000, AllocationId::new));
            }
            case 3 -> Sample.bad("with-null", w -> Arrays.asList(w.allocation(Ref.known(0, 0)), null),
                    "allocationIds");
            case 4 -> Sample.bad("null-list", w -> null, "allocationIds");
            case 5 -> Sample.ok("repeated", w -> List.of(w.allocation(Ref.known(0, 0)), w.allocation(Ref.known(0, 0))));
            case 6 -> Sample.ok("B's", w -> List.of(w.allocation(Ref.known(1, 0))));
            default -> {
                int first = r.nextInt(20);
                int size = 1 + r.nextInt(4);
                yield Sample.ok("A#" + first + "+" + size, w -> {
                    List<AllocationId> ids = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        ids.add(w.allocation(Ref.known(0, first + i)));
                    }
                    return ids.stream().distinct().toList();
                });
            }
        };
    }

    /** A window: mostly ordinary around T0; extreme instants, reversed, empty, or built with overflowing lengths. */
    Sample<Make<TimeWindow>> window() {
        int n = clean ? 0 : r.nextInt(20);
        if (n < 12) {
            long startHours = pick(r, List.of(-24L * 40, -24L * 35, 6L, 8L, 9L, 30L, 24L * 7));
            long minutes = pick(r, List.of(60L, 90L, 120L, 180L));
            TimeWindow w = TimeWindow.starting(T0.plusSeconds(startHours * 3600), Duration.ofMinutes(minutes));
            return Sample.ok(w.toString(), x -> w);
        }
        Sample<Instant> a = pick(r, INSTANTS);
        Sample<Instant> b = pick(r, INSTANTS);
        Sample<Duration> length = pick(r, HostileValues.DURATIONS);
        return switch (n) {
            case 12, 13, 14 -> Sample.bad("of(" + a + "," + b + ")", w -> TimeWindow.of(a.value(), b.value()),
                    "start", "end", "window");
            case 15, 16, 17 -> Sample.bad("starting(" + a + "," + length + ")",
                    w -> TimeWindow.starting(a.value(), length.value()), "start", "length", "window");
            case 18 -> Sample.bad("of(" + a + "," + a + ")", w -> TimeWindow.of(a.value(), a.value()),
                    "start", "end", "window");
            default -> Sample.bad("null", w -> null, "window", "range");
        };
    }

    /** Metadata: small and ordinary, or hostile keys and values, too many entries, null keys or values. */
    Sample<Map<String, String>> metadata() {
        int n = clean ? 7 : r.nextInt(12);
        return switch (n) {
            case 0, 1, 2 -> Sample.ok("empty", Map.of());
            case 3 -> {
                Map<String, String> many = new LinkedHashMap<>();
                int size = 50 + r.nextInt(2);
                for (int i = 0; i < size; i++) {
                    many.put("k" + i, "v" + i);
                }
                yield Sample.ok(size + "-entries", many);
            }
            case 4 -> {
                Map<String, String> nul = new HashMap<>();
                nul.put(r.nextBoolean() ? null : "k", r.nextBoolean() ? null : "v");
                nul.putIfAbsent("k", null);
                yield Sample.bad("null-key-or-value", nul, "metadata", "key", "value");
            }
            case 5 -> Sample.ok("deep-json", Map.of("nested", "[".repeat(900) + "]".repeat(900),
                    "{\"a\":{\"b\":{\"c\":[]}}}", "{\"$where\":\"1==1\"}"));
            case 6 -> Sample.ok("empty-key", Map.of("", "v"));
            default -> {
                Map<String, String> m = new LinkedHashMap<>();
                int size = 1 + r.nextInt(3);
                for (int i = 0; i < size; i++) {
                    m.put(text().value(), text().value());
                }
                yield Sample.ok("hostile-" + size, m);
            }
        };
    }

    /** Check options: defaults mostly; every adjacency mode, a slack override with hostile text, or null. */
    Sample<Make<ValidationOptions>> options() {
        int n = clean ? r.nextInt(9) : r.nextInt(10);
        if (n < 5) {
            return Sample.ok("defaults", w -> ValidationOptions.defaults());
        }
        AdjacencyMode mode = n == 9 ? null : pick(r, List.of(AdjacencyMode.values()));
        Sample<String> reason = text();
        Sample<String> actor = text();
        boolean override = r.nextBoolean();
        return Sample.bad(mode + (override ? "+override(" + reason + "," + actor + ")" : ""),
                w -> new ValidationOptions(mode, override ? new SlackOverride(reason.value(), actor.value()) : null),
                "adjacency", "reason", "actor", "options", "override");
    }

    /** A party size, possibly null. */
    Integer partySize() {
        return r.nextInt(6) == 0 ? null : anInt();
    }

    /** An ordinary text most of the time (always in a clean step), a bad one otherwise. */
    Sample<String> text(String... names) {
        Sample<String> s = !clean && r.nextInt(3) == 0 ? pick(r, HostileValues.BAD_TEXT)
                : pick(r, HostileValues.ORDINARY_TEXT);
        return new Sample<>(s.name(), s.value(), Set.of(names));
    }

    /** Like {@link #text}, or null. */
    Sample<String> optionalText(String... names) {
        return r.nextInt(5) == 0 ? Sample.ok("null", null) : text(names);
    }

    /** A duration from every boundary, or null; five minutes in a clean step. */
    Sample<Duration> duration(String... names) {
        Sample<Duration> d = clean ? Sample.ok("5m", Duration.ofMinutes(5))
                : r.nextInt(12) == 0 ? Sample.ok("null", null) : pick(r, HostileValues.DURATIONS);
        return new Sample<>(d.name(), d.value(), Set.of(names));
    }

    /** A small positive integer, or (not in a clean step) one from every boundary. */
    int anInt() {
        return !clean && r.nextInt(3) == 0 ? pick(r, HostileValues.INTS) : 1 + r.nextInt(8);
    }
}
