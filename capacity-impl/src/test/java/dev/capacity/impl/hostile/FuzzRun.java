package dev.capacity.impl.hostile;

import dev.capacity.api.BookingId;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One seeded run: fresh backends, the same small floor plan in each, then {@code steps} generated calls run in
 * lock step on every backend. For each call and backend: the outcome must be acceptable ({@link Outcomes}), a
 * rejection or a read must leave the stored data unchanged (equal fingerprints before and after), a success must
 * read back equal, and all backends must reach the same outcome. The run stops at its first problem.
 */
public final class FuzzRun {

    /** The generated calls and how often each is drawn. */
    private static final List<Map.Entry<Integer, Function<Draw, Op>>> OPS = List.of(
            Map.entry(12, LedgerOps::placeHold), Map.entry(6, LedgerOps::confirmHold),
            Map.entry(3, LedgerOps::releaseHold), Map.entry(4, LedgerOps::extendHold),
            Map.entry(10, LedgerOps::assign), Map.entry(2, LedgerOps::unassign), Map.entry(5, LedgerOps::blockTable),
            Map.entry(2, LedgerOps::unblockTable), Map.entry(6, LedgerOps::read),
            Map.entry(4, FloorPlanOps::createZone), Map.entry(3, FloorPlanOps::updateZone),
            Map.entry(2, FloorPlanOps::deleteZone), Map.entry(5, FloorPlanOps::createTable),
            Map.entry(3, FloorPlanOps::updateTable), Map.entry(5, FloorPlanOps::tableEdit),
            Map.entry(3, FloorPlanOps::read), Map.entry(6, FloorPlanOps::validate), Map.entry(3, JobOps::sweep),
            Map.entry(3, JobOps::prune), Map.entry(4, JobOps::restore), Map.entry(2, JobOps::parse),
            Map.entry(3, JobOps::advanceClock));
    private static final int TOTAL_WEIGHT = OPS.stream().mapToInt(Map.Entry::getKey).sum();

    /** Outcome counts over runs, by entry point and outcome, for the report. */
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    /** Time spent per backend, fingerprints included. */
    private final Map<String, Long> nanos = new TreeMap<>();
    private int calls;

    /**
     * Runs one seed.
     *
     * @param seed the seed
     * @param steps how many calls
     * @param factories the backends, opened fresh for this run and closed after it
     */
    public void run(long seed, int steps, List<Supplier<Backend>> factories) {
        SplittableRandom random = new SplittableRandom(seed);
        Draw draw = new Draw(random);
        RestaurantId a = new RestaurantId(draw.uuid());
        RestaurantId b = new RestaurantId(draw.uuid());
        List<BookingId> bookings = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            bookings.add(new BookingId(draw.uuid()));
        }
        List<World> worlds = new ArrayList<>();
        try {
            for (Supplier<Backend> factory : factories) {
                World w = new World(factory.get(), a, b, bookings);
                worlds.add(w);
                seedFloorPlan(w);
            }
            for (int step = 0; step < steps; step++) {
                Op op = next(draw);
                if (Boolean.getBoolean("capacity.fuzz.trace")) {
                    System.out.println("seed " + seed + " step " + step + ": " + op);
                }
                String problem = step(op, worlds);
                if (problem != null) {
                    String line = "seed " + seed + ", step " + step + ": " + op + "\n    " + problem;
                    problems.add(line);
                    System.out.println("HOSTILE INPUT PROBLEM " + line);
                    return;
                }
            }
        } finally {
            worlds.forEach(w -> w.backend().close());
        }
    }

    private static Op next(Draw draw) {
        draw.nextStep();
        int pick = draw.random().nextInt(TOTAL_WEIGHT);
        for (Map.Entry<Integer, Function<Draw, Op>> e : OPS) {
            pick -= e.getKey();
            if (pick < 0) {
                return e.getValue().apply(draw);
            }
        }
        throw new IllegalStateException("weights");
    }

    private String step(Op op, List<World> worlds) {
        String first = null;
        for (World w : worlds) {
            Backend backend = w.backend();
            long started = System.nanoTime();
            String before = backend.fingerprint(w);
            Object result = null;
            Throwable error = null;
            try {
                result = op.action().run(w);
            } catch (Throwable t) {
                error = t;
            }
            calls++;
            String signature = Outcomes.signature(result, error);
            outcomes.merge(op.name() + " -> " + (error == null ? "ok" : signature.replaceAll(":\\[.*", "")), 1,
                    Integer::sum);
            String problem = Outcomes.problem(op, error);
            if (problem == null && (error != null || op.readOnly()) && !before.equals(backend.fingerprint(w))) {
                problem = (error != null ? "rejected, but stored data changed: " + Outcomes.describe(error)
                        : "a read changed stored data");
            }
            nanos.merge(backend.name(), System.nanoTime() - started, Long::sum);
            if (problem != null) {
                if (error != null && !(error instanceof AssertionError)) {
                    error.printStackTrace();
                }
                return backend.name() + ": " + problem;
            }
            if (first == null) {
                first = signature;
            } else if (!first.equals(signature)) {
                return "backends disagree: " + worlds.get(0).backend().name() + " gave " + first + ", "
                        + backend.name() + " gave " + signature;
            }
        }
        return null;
    }

    /** Two zones and four tables (T1, T2 and T3 linked in a row) in restaurant A, one zone and two tables in B. */
    private static void seedFloorPlan(World w) {
        FloorPlanStore plans = w.backend().floorPlanStore();
        Ref a = Ref.known(0, 0);
        Ref b = Ref.known(1, 0);
        Zone main = plans.createZone(w.restaurant(0), "Main", 0);
        Zone terrace = plans.createZone(w.restaurant(0), "Terrace", 1);
        w.addZone(a, main.id());
        w.addZone(a, terrace.id());
        int[] seats = {2, 4, 4, 6};
        List<DiningTable> tables = new ArrayList<>();
        for (int i = 0; i < seats.length; i++) {
            DiningTable t = plans.createTable(w.restaurant(0),
                    TableSpec.of(i < 3 ? main.id() : terrace.id(), "T" + (i + 1), seats[i]));
            tables.add(t);
            w.addTable(a, t.id());
        }
        plans.linkTables(w.restaurant(0), tables.get(0).id(), tables.get(1).id());
        plans.linkTables(w.restaurant(0), tables.get(1).id(), tables.get(2).id());
        Zone other = plans.createZone(w.restaurant(1), "Main", 0);
        w.addZone(b, other.id());
        for (int i = 0; i < 2; i++) {
            w.addTable(b, plans.createTable(w.restaurant(1), TableSpec.of(other.id(), "B" + (i + 1), 4)).id());
        }
    }

    /** @return the problems found so far, one per failed run */
    public List<String> problems() {
        return problems;
    }

    /** @return how many calls ran, over every backend */
    public int calls() {
        return calls;
    }

    /** @return milliseconds spent per backend, fingerprints included */
    public Map<String, Long> millis() {
        Map<String, Long> out = new TreeMap<>();
        nanos.forEach((k, v) -> out.put(k, v / 1_000_000));
        return out;
    }

    /** @return outcome counts by entry point and outcome */
    public Map<String, Integer> outcomes() {
        return outcomes;
    }

}
