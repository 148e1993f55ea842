package dev.capacity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capacity.api.error.AllocationConflict;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.BookingConflict;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.Severity;
import dev.capacity.api.error.TableOutOfService;
import dev.capacity.api.error.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link AssignmentRules} over seeded random floor plans and selections.
 *
 * <p>Each property runs over {@value #DEFAULT_TRIES} generated scenarios. Scenario {@code i} is generated from seed
 * {@code base + i}; the base is fixed so the build is reproducible, and can be changed to explore further:
 * {@code -Dcapacity.properties.seed=<base> -Dcapacity.properties.tries=<n>}. A failure names the seed of the
 * falsifying scenario, so {@code -Dcapacity.properties.seed=<that seed> -Dcapacity.properties.tries=1} replays it.
 *
 * <p>Written with a small seeded generator rather than jqwik: jqwik 1.10's documentation asks that it not be used by
 * AI coding agents, and this suite was written by one.
 */
@DisplayName("AssignmentRules properties (seeded random floor plans and selections)")
class AssignmentRulesProperties {

    static final int DEFAULT_TRIES = 300;
    static final long BASE_SEED = Long.getLong("capacity.properties.seed", 20_300_101L);
    static final int TRIES = Integer.getInteger("capacity.properties.tries", DEFAULT_TRIES);

    static final RestaurantId RESTAURANT = RestaurantId.of(new UUID(0xF100L, 1));
    static final TimeWindow WINDOW = TimeWindow.of(Instant.parse("2030-06-01T19:00:00Z"),
            Instant.parse("2030-06-01T21:00:00Z"));

    /** The codes the checks are documented to produce (AssignmentRules' class comment, DESIGN.md §4 A9). */
    static final Set<ErrorCode> CHECK_CODES = EnumSet.of(ErrorCode.TABLE_NOT_FOUND, ErrorCode.TABLE_INACTIVE,
            ErrorCode.CAPACITY_INSUFFICIENT, ErrorCode.SLACK_BUDGET_EXCEEDED, ErrorCode.SLACK_HIGH,
            ErrorCode.ZONE_MISMATCH, ErrorCode.TABLE_NOT_MOVABLE, ErrorCode.ADJACENCY_MISMATCH,
            ErrorCode.PARTY_SIZE_OUT_OF_RANGE, ErrorCode.BOOKING_CONFLICT, ErrorCode.TABLE_OUT_OF_SERVICE,
            ErrorCode.HOLD_CONFLICT);

    /** Findings that depend on the party size and the seats of the whole selection. */
    static final Set<ErrorCode> SEAT_CODES = EnumSet.of(ErrorCode.CAPACITY_INSUFFICIENT,
            ErrorCode.SLACK_BUDGET_EXCEEDED, ErrorCode.SLACK_HIGH, ErrorCode.PARTY_SIZE_OUT_OF_RANGE);

    static final List<Scenario> SCENARIOS = IntStream.range(0, TRIES)
            .mapToObj(i -> Scenario.generate(BASE_SEED + i)).toList();

    /** One generated input: a floor plan, a well-formed selection and everything else {@code check} takes. */
    record Scenario(long seed, FloorPlan plan, List<TableId> selection, Integer party, ValidationOptions options,
            int budget, int warnAbove, List<Blocker> blockers, boolean placingHold) {

        static Scenario generate(long seed) {
            SplittableRandom r = new SplittableRandom(seed);

            List<Zone> zones = new ArrayList<>();
            int zoneCount = r.nextInt(1, 4);
            for (int z = 0; z < zoneCount; z++) {
                zones.add(new Zone(ZoneId.of(new UUID(0x20AEL, z)), RESTAURANT, "Zone " + z, z));
            }

            int n = r.nextInt(1, 31);
            List<DiningTable> tables = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int capacity = r.nextInt(1, 13);
                int min = r.nextInt(1, Math.min(capacity, 6) + 1);
                Integer max = r.nextInt(10) < 3 ? null : min + r.nextInt(0, 8);
                tables.add(new DiningTable(TableId.of(new UUID(r.nextLong(), r.nextLong())), RESTAURANT,
                        zones.get(r.nextInt(zoneCount)).id(), "T" + i, capacity, min, max, r.nextInt(10) < 7,
                        r.nextInt(10) < 9));
            }

            Set<Adjacency> edges = new HashSet<>();
            int edgeCount = r.nextInt(0, 2 * n + 1);
            for (int e = 0; e < edgeCount; e++) {
                int a = r.nextInt(n);
                int b = r.nextInt(n);
                if (a != b) {
                    edges.add(Adjacency.of(tables.get(a).id(), tables.get(b).id()));
                }
            }
            FloorPlan plan = new FloorPlan(RESTAURANT, r.nextLong(0, 1_000), zones, tables, edges);

            List<TableId> selection = r.nextBoolean() ? walk(plan, r) : randomSubset(plan, r);
            if (r.nextInt(6) == 0) {
                int unknown = r.nextInt(1, 3);
                for (int u = 0; u < unknown; u++) {
                    selection.add(r.nextInt(selection.size() + 1), TableId.of(new UUID(0xDEADL, r.nextLong())));
                }
            }

            Integer party;
            if (r.nextInt(7) == 0) {
                party = null;
            } else if (r.nextBoolean()) {
                int seats = selection.stream().map(plan.tablesById()::get).filter(t -> t != null)
                        .mapToInt(DiningTable::capacity).sum();
                party = Math.max(1, Math.min(40, seats - r.nextInt(-2, 9)));
            } else {
                party = r.nextInt(1, 41);
            }

            ValidationOptions options = new ValidationOptions(AdjacencyMode.values()[r.nextInt(3)],
                    r.nextInt(4) == 0 ? new SlackOverride("reason " + r.nextInt(100), "actor " + r.nextInt(10)) : null);

            List<Blocker> blockers = new ArrayList<>();
            int blockerCount = r.nextInt(4) == 0 ? r.nextInt(1, 5) : 0;
            for (int b = 0; b < blockerCount; b++) {
                AllocationKind kind = AllocationKind.values()[r.nextInt(3)];
                TableId table = selection.get(r.nextInt(selection.size()));
                AllocationId allocation = AllocationId.of(new UUID(0xA110CL, r.nextLong()));
                BookingId booking = kind == AllocationKind.MAINTENANCE ? null
                        : BookingId.of(new UUID(0xB00CL, r.nextLong()));
                HoldId hold = kind == AllocationKind.HOLD ? HoldId.of(new UUID(0x401DL, r.nextLong())) : null;
                Instant expires = kind == AllocationKind.HOLD ? WINDOW.start().minusSeconds(r.nextInt(60, 3600))
                        : null;
                blockers.add(new Blocker(kind, allocation, table, WINDOW, booking, hold, expires));
            }

            return new Scenario(seed, plan, List.copyOf(selection), party, options, r.nextInt(0, 13),
                    r.nextInt(0, 13), List.copyOf(blockers), r.nextBoolean());
        }

        /** 1–8 distinct tables of the plan, in random order. */
        private static List<TableId> randomSubset(FloorPlan plan, SplittableRandom r) {
            List<TableId> ids = new ArrayList<>(plan.tables().stream().map(DiningTable::id).toList());
            Collections.shuffle(ids, new Random(r.nextLong()));
            return new ArrayList<>(ids.subList(0, r.nextInt(1, Math.min(ids.size(), 8) + 1)));
        }

        /**
         * A random walk along adjacency edges, mostly to mergeable neighbours (same zone, movable, active), so that
         * connected and passing selections are common too.
         */
        private static List<TableId> walk(FloorPlan plan, SplittableRandom r) {
            List<DiningTable> tables = plan.tables();
            boolean mergeable = r.nextInt(5) != 0;
            List<DiningTable> starts = tables.stream().filter(t -> !mergeable || (t.movable() && t.active())).toList();
            DiningTable at = starts.isEmpty() ? tables.get(r.nextInt(tables.size()))
                    : starts.get(r.nextInt(starts.size()));
            LinkedHashSet<TableId> picked = new LinkedHashSet<>();
            picked.add(at.id());
            int want = r.nextInt(1, 5);
            for (int step = 0; step < 20 && picked.size() < want; step++) {
                DiningTable from = at;
                List<DiningTable> next = tables.stream().filter(t -> plan.adjacent(from.id(), t.id()))
                        .filter(t -> !mergeable || (t.zoneId().equals(from.zoneId()) && t.movable() && t.active()))
                        .toList();
                if (next.isEmpty()) {
                    break;
                }
                at = next.get(r.nextInt(next.size()));
                picked.add(at.id());
            }
            List<TableId> out = new ArrayList<>(picked);
            Collections.shuffle(out, new Random(r.nextLong()));
            return out;
        }

        List<Violation> check() {
            return AssignmentRules.check(plan, selection, party, options, budget, warnAbove, blockers);
        }

        Scenario withSelection(List<TableId> other) {
            return new Scenario(seed, plan, List.copyOf(other), party, options, budget, warnAbove, blockers,
                    placingHold);
        }

        boolean allKnown() {
            Map<TableId, DiningTable> byId = plan.tablesById();
            return selection.stream().allMatch(byId::containsKey);
        }

        @Override
        public String toString() {
            Map<TableId, DiningTable> byId = plan.tablesById();
            String tables = selection.stream().map(id -> {
                DiningTable t = byId.get(id);
                return t == null ? "unknown " + id
                        : t.label() + "(cap " + t.capacity() + ", " + t.minPartySize() + "–" + t.maxPartySize()
                                + ", zone " + t.zoneId().value().getLeastSignificantBits()
                                + (t.movable() ? "" : ", fixed") + (t.active() ? "" : ", inactive") + ")";
            }).collect(Collectors.joining(", "));
            return "seed " + seed + ": " + plan.tables().size() + " tables, " + plan.adjacency().size()
                    + " edges; selection [" + tables + "], party " + party + ", " + options + ", budget " + budget
                    + ", warnAbove " + warnAbove + ", blockers " + blockers.stream().map(Blocker::kind).toList()
                    + ", placingHold " + placingHold;
        }
    }

    @FunctionalInterface
    interface Property {
        void check(Scenario s) throws Exception;
    }

    /** Runs a property over every scenario; a failure names the falsifying scenario and how to replay it. */
    static void forAll(Property property) {
        for (Scenario s : SCENARIOS) {
            try {
                property.check(s);
            } catch (Throwable t) {
                throw new AssertionError("Falsified by " + s + "\nReplay with -Dcapacity.properties.seed=" + s.seed()
                        + " -Dcapacity.properties.tries=1", t);
            }
        }
    }

    static Map<ErrorCode, Long> codeCounts(List<Violation> checks) {
        Map<ErrorCode, Long> m = new EnumMap<>(ErrorCode.class);
        checks.forEach(v -> m.merge(v.code(), 1L, Long::sum));
        return m;
    }

    @Nested
    @DisplayName("check")
    class Check {

        @Test
        @DisplayName("is deterministic: the same input twice gives equal findings and equal results")
        void deterministic() {
            forAll(s -> {
                List<Violation> first = s.check();
                List<Violation> second = s.check();
                assertThat(second).isEqualTo(first);
                assertThat(ValidationResult.of(second)).isEqualTo(ValidationResult.of(first));
                assertThat(Scenario.generate(s.seed()).check()).isEqualTo(first);
            });
        }

        @Test
        @DisplayName("never throws for well-formed input, and neither do ValidationResult.of and rejection")
        void neverThrows() {
            forAll(s -> {
                assertThatCode(() -> AssignmentRules.requireWellFormed(s.selection(), s.party()))
                        .doesNotThrowAnyException();
                assertThatCode(() -> {
                    List<Violation> checks = s.check();
                    ValidationResult.of(checks);
                    AssignmentRules.rejection(checks, s.blockers(), s.placingHold());
                }).doesNotThrowAnyException();
            });
        }

        @Test
        @DisplayName("only produces documented check codes, with their documented severities")
        void documentedCodes() {
            forAll(s -> {
                for (Violation v : s.check()) {
                    assertThat(CHECK_CODES).contains(v.code());
                    if (v.code() == ErrorCode.SLACK_HIGH) {
                        assertThat(v.severity()).isEqualTo(Severity.WARNING);
                    } else if (v.code() == ErrorCode.SLACK_BUDGET_EXCEEDED) {
                        assertThat(v.severity()).isEqualTo(
                                s.options().slackOverride() == null ? Severity.ERROR : Severity.WARNING);
                    } else {
                        assertThat(v.severity()).isEqualTo(Severity.ERROR);
                    }
                    assertThat(v.message()).isNotBlank();
                }
            });
        }

        @Test
        @DisplayName("reports seat-based findings only when the party size is given and every table is known")
        void seatFindingsNeedPartyAndKnownTables() {
            forAll(s -> {
                boolean seatBased = s.check().stream().anyMatch(v -> SEAT_CODES.contains(v.code()));
                if (s.party() == null || !s.allKnown()) {
                    assertThat(seatBased).isFalse();
                }
            });
        }

        @Test
        @DisplayName("finds the same codes, as often, whatever the order of the selection")
        void orderIndependent() {
            forAll(s -> {
                Map<ErrorCode, Long> codes = codeCounts(s.check());
                List<TableId> reversed = new ArrayList<>(s.selection());
                Collections.reverse(reversed);
                List<TableId> shuffled = new ArrayList<>(s.selection());
                Collections.shuffle(shuffled, new Random(s.seed()));
                assertThat(codeCounts(s.withSelection(reversed).check())).isEqualTo(codes);
                assertThat(codeCounts(s.withSelection(shuffled).check())).isEqualTo(codes);
            });
        }

        @Test
        @DisplayName("agrees, code by code, with an independent model of the documented rules")
        void agreesWithModel() {
            forAll(s -> assertThat(codeCounts(s.check())).isEqualTo(Model.expected(s)));
        }

        @Test
        @DisplayName("lists findings in check order: existence, activity, seats, zone, merge, range, conflicts")
        void checkOrder() {
            List<ErrorCode> order = List.of(ErrorCode.TABLE_NOT_FOUND, ErrorCode.TABLE_INACTIVE,
                    ErrorCode.CAPACITY_INSUFFICIENT, ErrorCode.SLACK_BUDGET_EXCEEDED, ErrorCode.SLACK_HIGH,
                    ErrorCode.ZONE_MISMATCH, ErrorCode.TABLE_NOT_MOVABLE, ErrorCode.ADJACENCY_MISMATCH,
                    ErrorCode.PARTY_SIZE_OUT_OF_RANGE, ErrorCode.BOOKING_CONFLICT, ErrorCode.TABLE_OUT_OF_SERVICE,
                    ErrorCode.HOLD_CONFLICT);
            forAll(s -> {
                List<Integer> ranks = s.check().stream().map(v -> order.indexOf(v.code())).toList();
                assertThat(ranks).isSorted();
            });
        }
    }

    @Nested
    @DisplayName("ValidationResult.of")
    class Result {

        @Test
        @DisplayName("is ok exactly when no finding is an ERROR, and says \"OK\" exactly when there is no finding")
        void okIffNoError() {
            forAll(s -> {
                List<Violation> checks = s.check();
                ValidationResult result = ValidationResult.of(checks);
                assertThat(result.ok()).isEqualTo(checks.stream().noneMatch(v -> v.severity() == Severity.ERROR));
                assertThat(result.checks()).isEqualTo(checks);
                assertThat(result.summary()).isNotBlank();
                assertThat(result.summary().equals("OK")).isEqualTo(checks.isEmpty());
            });
        }
    }

    @Nested
    @DisplayName("rejection")
    class Rejection {

        @Test
        @DisplayName("is empty exactly when the result is ok")
        void emptyIffOk() {
            forAll(s -> {
                List<Violation> checks = s.check();
                Optional<CapacityError> rejection = AssignmentRules.rejection(checks, s.blockers(), s.placingHold());
                assertThat(rejection.isEmpty()).isEqualTo(ValidationResult.of(checks).ok());
            });
        }

        @Test
        @DisplayName("is an AssignmentRejected exactly when some error is not a conflict, else the matching conflict")
        void kind() {
            forAll(s -> {
                List<Violation> checks = s.check();
                Optional<CapacityError> rejection = AssignmentRules.rejection(checks, s.blockers(), s.placingHold());
                if (rejection.isEmpty()) {
                    return;
                }
                CapacityError error = rejection.get();
                boolean ruleBroken = checks.stream().anyMatch(v -> v.isError() && !v.code().isConflict());
                assertThat(error instanceof AssignmentRejected).isEqualTo(ruleBroken);
                if (ruleBroken) {
                    assertThat(error.violations()).isEqualTo(checks);
                    assertThat(error.httpStatus()).isEqualTo(422);
                    assertThat(error.code()).isEqualTo(checks.stream()
                            .filter(v -> v.isError() && !v.code().isConflict()).findFirst().orElseThrow().code());
                    return;
                }
                assertThat(error).isInstanceOf(AllocationConflict.class);
                assertThat(error.httpStatus()).isEqualTo(409);
                assertThat(((AllocationConflict) error).blockers()).isEqualTo(s.blockers());
                Set<AllocationKind> kinds = s.blockers().stream().map(Blocker::kind)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(AllocationKind.class)));
                Class<?> expected = s.placingHold() ? HoldConflict.class
                        : kinds.contains(AllocationKind.BOOKING) ? BookingConflict.class
                        : kinds.contains(AllocationKind.HOLD) ? HoldConflict.class
                        : TableOutOfService.class;
                assertThat(error).isExactlyInstanceOf(expected);
            });
        }
    }

    @Nested
    @DisplayName("the generator")
    class Generator {

        @Test
        @DisplayName("reaches every check code, passing and failing selections, and every adjacency mode on merges")
        void coverage() {
            assumeTrue(TRIES >= DEFAULT_TRIES, "coverage is only meaningful over a full run, not a replay");
            Set<ErrorCode> seen = EnumSet.noneOf(ErrorCode.class);
            Set<Boolean> outcomes = new HashSet<>();
            Set<AdjacencyMode> passingMerges = EnumSet.noneOf(AdjacencyMode.class);
            for (Scenario s : SCENARIOS) {
                List<Violation> checks = s.check();
                checks.forEach(v -> seen.add(v.code()));
                boolean ok = ValidationResult.of(checks).ok();
                outcomes.add(ok);
                if (ok && s.selection().size() > 1) {
                    passingMerges.add(s.options().adjacency());
                }
            }
            assertThat(seen).as("codes reached in %d scenarios", SCENARIOS.size()).isEqualTo(CHECK_CODES);
            assertThat(outcomes).containsExactlyInAnyOrder(true, false);
            assertThat(passingMerges).containsExactlyInAnyOrder(AdjacencyMode.values());
        }
    }

    /** The rules of DESIGN.md §4 (A9) restated independently, as counts of each code. */
    static final class Model {

        private Model() {
        }

        static Map<ErrorCode, Long> expected(Scenario s) {
            Map<TableId, DiningTable> byId = new HashMap<>();
            s.plan().tables().forEach(t -> byId.put(t.id(), t));
            List<DiningTable> found = s.selection().stream().map(byId::get).filter(t -> t != null).toList();
            int unknown = s.selection().size() - found.size();
            boolean merge = s.selection().size() > 1;

            Map<ErrorCode, Long> m = new EnumMap<>(ErrorCode.class);
            add(m, ErrorCode.TABLE_NOT_FOUND, unknown);
            add(m, ErrorCode.TABLE_INACTIVE, found.stream().filter(t -> !t.active()).count());
            if (s.party() != null && unknown == 0) {
                int seats = found.stream().mapToInt(DiningTable::capacity).sum();
                int slack = Math.max(0, seats - s.party());
                if (seats < s.party()) {
                    add(m, ErrorCode.CAPACITY_INSUFFICIENT, 1);
                } else if (slack > s.budget()) {
                    add(m, ErrorCode.SLACK_BUDGET_EXCEEDED, 1);
                } else if (slack > s.warnAbove()) {
                    add(m, ErrorCode.SLACK_HIGH, 1);
                }
            }
            if (found.stream().map(DiningTable::zoneId).distinct().count() > 1) {
                add(m, ErrorCode.ZONE_MISMATCH, 1);
            }
            if (merge) {
                add(m, ErrorCode.TABLE_NOT_MOVABLE, found.stream().filter(t -> !t.movable()).count());
                if (!joined(s.plan().adjacency(), found, s.options().adjacency())) {
                    add(m, ErrorCode.ADJACENCY_MISMATCH, 1);
                }
            }
            if (s.party() != null && !merge && found.size() == 1) {
                DiningTable t = found.get(0);
                if (s.party() < t.minPartySize() || (t.maxPartySize() != null && s.party() > t.maxPartySize())) {
                    add(m, ErrorCode.PARTY_SIZE_OUT_OF_RANGE, 1);
                }
            }
            for (Blocker b : s.blockers()) {
                add(m, switch (b.kind()) {
                    case BOOKING -> ErrorCode.BOOKING_CONFLICT;
                    case MAINTENANCE -> ErrorCode.TABLE_OUT_OF_SERVICE;
                    case HOLD -> ErrorCode.HOLD_CONFLICT;
                }, 1);
            }
            return m;
        }

        /** Whether the found tables are joined as the mode requires, by union-find over the edge set. */
        private static boolean joined(Set<Adjacency> edges, List<DiningTable> found, AdjacencyMode mode) {
            if (mode == AdjacencyMode.OFF || found.size() < 2) {
                return true;
            }
            List<TableId> ids = found.stream().map(DiningTable::id).toList();
            if (mode == AdjacencyMode.PAIRWISE) {
                for (int i = 0; i < ids.size(); i++) {
                    for (int j = i + 1; j < ids.size(); j++) {
                        if (!edges.contains(new Adjacency(ids.get(i), ids.get(j)))
                                && !edges.contains(new Adjacency(ids.get(j), ids.get(i)))) {
                            return false;
                        }
                    }
                }
                return true;
            }
            Map<TableId, TableId> parent = new HashMap<>();
            ids.forEach(id -> parent.put(id, id));
            for (Adjacency e : edges) {
                if (parent.containsKey(e.a()) && parent.containsKey(e.b())) {
                    parent.put(root(parent, e.a()), root(parent, e.b()));
                }
            }
            return ids.stream().map(id -> root(parent, id)).distinct().count() == 1;
        }

        private static TableId root(Map<TableId, TableId> parent, TableId id) {
            TableId r = id;
            while (!parent.get(r).equals(r)) {
                r = parent.get(r);
            }
            return r;
        }

        private static void add(Map<ErrorCode, Long> m, ErrorCode code, long count) {
            if (count > 0) {
                m.merge(code, count, Long::sum);
            }
        }
    }
}
