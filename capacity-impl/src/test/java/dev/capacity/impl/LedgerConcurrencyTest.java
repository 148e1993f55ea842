package dev.capacity.impl;

import static dev.capacity.impl.LedgerConcurrencyFixture.DEADLINE_SECONDS;
import static dev.capacity.impl.LedgerConcurrencyFixture.ids;
import static dev.capacity.impl.LedgerConcurrencyFixture.runAll;
import static dev.capacity.impl.LedgerConcurrencyFixture.stackTrace;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.BookingId;
import dev.capacity.api.Confirmation;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldId;
import dev.capacity.api.HoldStatus;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldAlreadyConfirmed;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.HoldExpired;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.impl.LedgerConcurrencyFixture.AllocationRow;
import dev.capacity.impl.LedgerConcurrencyFixture.Floor;
import dev.capacity.impl.LedgerConcurrencyFixture.HoldRow;
import dev.capacity.impl.LedgerConcurrencyFixture.Ledger;
import dev.capacity.impl.LedgerConcurrencyFixture.Libraries;
import dev.capacity.testkit.contract.RecordingListener;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Races real writers against one PostgreSQL schema: many threads, and several library instances with their own
 * pools, as in a host running on many nodes. Choices come from seeded generators, so only the interleaving is
 * random; every assertion holds for every interleaving.
 */
@ExtendWith(PostgresExtension.class)
@DisplayName("The PostgreSQL ledger under concurrent writers")
class LedgerConcurrencyTest {

    private static final Instant EVENING = Instant.parse("2030-02-01T18:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(5);

    private final TestDatabase db;

    LedgerConcurrencyTest(TestDatabase db) {
        this.db = db;
    }

    @Nested
    @DisplayName("when many writers place overlapping holds on the same tables")
    class OverlappingHolds {

        private static final int ROUNDS = 16;
        private static final int ATTEMPTS_PER_ROUND = 3;
        private static final int TABLES = 4;
        /** Minutes after 18:00: [18:00, 20:00), [19:00, 21:00), [20:00, 22:00), [19:30, 20:30). */
        private static final int[][] WINDOWS = {{0, 120}, {60, 180}, {120, 240}, {90, 150}};
        /** The windows are compared in half-hour cells from 18:00 to 22:00. */
        private static final int CELL_MINUTES = 30;

        @Test
        @DisplayName("one instance with 16 threads gives each table and time at most one winner and every loser a "
                + "HoldConflict naming winners")
        void oneInstanceSixteenThreads() throws Exception {
            race(1, 16, 11L);
        }

        @Test
        @DisplayName("two instances with separate pools and 8 threads each keep the same guarantees")
        void twoInstancesEightThreadsEach() throws Exception {
            race(2, 8, 23L);
        }

        private void race(int instances, int threadsPerInstance, long seed) throws Exception {
            int threads = instances * threadsPerInstance;
            try (Libraries libs = Libraries.open(db, instances, threadsPerInstance, MutableInstantSource.fixed(),
                    CapacityListener.NONE)) {
                List<Floor> floors = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    floors.add(Floor.create(libs.get(0), TABLES, EVENING.plus(Duration.ofDays(i))));
                }
                Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Callable<Void>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    AllocationStore store = libs.get(t % instances).allocationStore();
                    Random random = new Random(seed * 1000 + t);
                    workers.add(() -> {
                        for (Floor floor : floors) {
                            start.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
                            for (int k = 0; k < ATTEMPTS_PER_ROUND; k++) {
                                attempts.add(Attempt.run(store, request(floor, random)));
                            }
                        }
                        return null;
                    });
                }
                runAll(workers);
                check(floors, List.copyOf(attempts), threads * ROUNDS * ATTEMPTS_PER_ROUND);
            }
        }

        private PlaceHoldRequest request(Floor floor, Random random) {
            List<TableId> shuffled = new ArrayList<>(floor.tables());
            Collections.shuffle(shuffled, random);
            int[] w = WINDOWS[random.nextInt(WINDOWS.length)];
            TimeWindow window = TimeWindow.of(floor.evening().plus(Duration.ofMinutes(w[0])),
                    floor.evening().plus(Duration.ofMinutes(w[1])));
            // Half of the placements name a booking (each its own), which takes the booking's own-hold path too.
            BookingId booking = random.nextBoolean() ? new BookingId(new UUID(random.nextLong(), random.nextLong()))
                    : null;
            return PlaceHoldRequest.builder(floor.restaurant(), window)
                    .tables(shuffled.subList(0, 1 + random.nextInt(3))).ttl(TTL).bookingId(booking)
                    .createdBy("concurrency-test").build();
        }

        private void check(List<Floor> floors, List<Attempt> attempts, int expected) throws SQLException {
            assertThat(attempts).hasSize(expected);
            assertThat(attempts.stream().filter(a -> a.error() != null && a.error().getClass() != HoldConflict.class)
                    .map(a -> a.request() + "\n" + stackTrace(a.error())).toList())
                    .as("failures other than exactly HoldConflict").isEmpty();
            List<Attempt> winners = attempts.stream().filter(a -> a.hold() != null).toList();
            List<Attempt> losers = attempts.stream().filter(a -> a.error() != null).toList();
            assertThat(winners.size() + losers.size()).isEqualTo(expected);
            Map<HoldId, Attempt> winnerById = new HashMap<>();
            winners.forEach(a -> winnerById.put(a.hold().id(), a));

            for (Floor floor : floors) {
                List<Attempt> won = winners.stream()
                        .filter(a -> a.request().restaurantId().equals(floor.restaurant())).toList();
                assertThat(won).as("winners in %s", floor.restaurant()).isNotEmpty();
                Map<String, List<HoldId>> slots = new HashMap<>();
                for (Attempt a : won) {
                    for (TableId table : a.request().tableIds()) {
                        for (int cell : cells(floor, a.request().window())) {
                            slots.computeIfAbsent(table + "@" + cell, k -> new ArrayList<>()).add(a.hold().id());
                        }
                    }
                }
                assertThat(slots).as("holds per (table, half hour) in %s", floor.restaurant())
                        .allSatisfy((slot, holds) -> assertThat(holds).as(slot).hasSize(1));
            }

            Set<UUID> restaurants = floors.stream().map(f -> f.restaurant().value()).collect(toSet());
            Ledger ledger = Ledger.read(db, restaurants);
            assertThat(ledger.overlappingPairs()).as("overlapping allocations on one table").isZero();
            assertThat(ledger.holdsWithoutRow()).as("hold allocations whose hold row is missing").isZero();
            assertThat(ledger.allocations()).as("only hold allocations were written")
                    .allSatisfy(a -> assertThat(a.kind()).isEqualTo("hold"));
            assertThat(ledger.holds()).as("hold rows are exactly the winners'").extracting(HoldRow::id)
                    .containsExactlyInAnyOrderElementsOf(winners.stream().map(a -> a.hold().id().value()).toList());
            assertThat(ledger.holds()).allSatisfy(h -> assertThat(h.confirmedAt()).isNull());
            assertThat(ledger.allocations()).as("one allocation per winner and table")
                    .hasSize(winners.stream().mapToInt(a -> a.request().tableIds().size()).sum());
            Map<UUID, List<AllocationRow>> byHold = ledger.allocations().stream()
                    .collect(groupingBy(AllocationRow::holdId));
            for (Attempt winner : winners) {
                Hold hold = winner.hold();
                assertThat(hold.status()).isEqualTo(HoldStatus.ACTIVE);
                assertThat(hold.tableIds()).isEqualTo(winner.request().tableIds());
                assertThat(byHold.getOrDefault(hold.id().value(), List.of())).as("allocations of %s", hold.id())
                        .allSatisfy(a -> {
                            assertThat(a.window()).isEqualTo(hold.window());
                            assertThat(a.bookingId()).isEqualTo(winner.request().bookingId() == null ? null
                                    : winner.request().bookingId().value());
                        })
                        .extracting(AllocationRow::tableId)
                        .containsExactlyInAnyOrderElementsOf(ids(hold.tableIds()));
            }
            // Holds are never released or expired here, so whatever refused a loser is a winner's hold, still in
            // place: a conflict with no blocker, or with no winner in the way, refused a placement that was free.
            // (Two transactions inserting overlapping rows at once can deadlock inside the exclusion constraint;
            // that must surface as the conflict with the survivor, never as a refusal of nothing.)
            List<String> unnamed = losers.stream().filter(l -> ((HoldConflict) l.error()).blockers().isEmpty())
                    .map(l -> l.request() + " -> " + l.error().getMessage()).toList();
            List<String> unblocked = losers.stream()
                    .filter(l -> winners.stream().noneMatch(w -> clash(w.request(), l.request())))
                    .map(l -> l.request() + " -> " + l.error().getMessage()).toList();
            System.out.printf("overlapping holds: %d attempts, %d winners, %d HoldConflicts (%d naming no blocker, "
                    + "%d with no winner in the way)%n", attempts.size(), winners.size(), losers.size(),
                    unnamed.size(), unblocked.size());
            for (Attempt loser : losers) {
                HoldConflict conflict = (HoldConflict) loser.error();
                assertThat(conflict.code()).isEqualTo(ErrorCode.HOLD_CONFLICT);
                assertThat(conflict.httpStatus()).isEqualTo(409);
                assertThat(conflict.blockers()).as("blockers of %s", loser.request()).allSatisfy(b -> {
                    assertThat(b.kind()).isEqualTo(AllocationKind.HOLD);
                    assertThat(loser.request().tableIds()).contains(b.tableId());
                    assertThat(b.window().overlaps(loser.request().window())).isTrue();
                    Attempt winner = winnerById.get(b.holdId());
                    assertThat(winner).as("blocker %s is a winner", b.holdId()).isNotNull();
                    assertThat(winner.request().tableIds()).contains(b.tableId());
                    assertThat(b.window()).isEqualTo(winner.request().window());
                    assertThat(b.holdExpiresAt()).isEqualTo(winner.hold().expiresAt());
                });
            }
            assertThat(unblocked).as("HoldConflicts although no winner overlaps the request").isEmpty();
            assertThat(unnamed).as("HoldConflicts naming no blocker").isEmpty();
        }

        private boolean clash(PlaceHoldRequest a, PlaceHoldRequest b) {
            return a.restaurantId().equals(b.restaurantId()) && a.window().overlaps(b.window())
                    && a.tableIds().stream().anyMatch(b.tableIds()::contains);
        }

        private List<Integer> cells(Floor floor, TimeWindow window) {
            long from = Duration.between(floor.evening(), window.start()).toMinutes() / CELL_MINUTES;
            long to = Duration.between(floor.evening(), window.end()).toMinutes() / CELL_MINUTES;
            List<Integer> cells = new ArrayList<>();
            for (long c = from; c < to; c++) {
                cells.add((int) c);
            }
            return cells;
        }
    }

    @Nested
    @DisplayName("when a hold is confirmed and released at the same time")
    class ConfirmRacingRelease {

        private static final int HOLDS = 48;
        private static final int TABLES = 8;
        private static final int PAIRS = 4;

        @Test
        @DisplayName("one microsecond before expiry exactly one of them wins and the hold ends confirmed or gone, "
                + "never half")
        void beforeExpiry() throws Exception {
            MutableInstantSource clock = MutableInstantSource.fixed();
            RecordingListener events = new RecordingListener();
            try (Libraries libs = Libraries.open(db, 2, PAIRS * 2, clock, events)) {
                List<Race> races = placeHolds(libs.get(0), clock, 31L);
                clock.set(clock.instant().plus(TTL).minusNanos(1_000));
                runRaces(libs, races);

                assertThat(races).allSatisfy(race -> assertThat(race.outcomes()).as(race.describe()).isIn(
                        List.of("CONFIRMED", "ALREADY_CONFIRMED"), List.of("NOT_FOUND", "RELEASED")));
                checkFinalState(races);
                assertThat(events.holdsExpired()).as("no hold expired").isEmpty();
                summary("before expiry", races);
            }
        }

        @Test
        @DisplayName("at the expiry instant the confirm reports HoldExpired or HoldNotFound, the release removes the "
                + "hold, and its expiry is reported once")
        void atExpiry() throws Exception {
            MutableInstantSource clock = MutableInstantSource.fixed();
            RecordingListener events = new RecordingListener();
            try (Libraries libs = Libraries.open(db, 2, PAIRS * 2, clock, events)) {
                List<Race> races = placeHolds(libs.get(0), clock, 47L);
                Instant expiry = clock.instant().plus(TTL);
                clock.set(expiry);
                runRaces(libs, races);

                assertThat(races).allSatisfy(race -> assertThat(race.outcomes()).as(race.describe()).isIn(
                        List.of("EXPIRED", "RELEASED"), List.of("NOT_FOUND", "RELEASED")));
                assertThat(races).allSatisfy(race -> {
                    if (race.confirm.get() instanceof HoldExpired e) {
                        assertThat(e.holdId()).isEqualTo(race.hold.id());
                        assertThat(e.expiredAt()).isEqualTo(expiry);
                    }
                });
                checkFinalState(races);
                List<HoldExpiredEvent> expired = events.holdsExpired();
                assertThat(expired).extracting(HoldExpiredEvent::holdId)
                        .containsExactlyInAnyOrderElementsOf(races.stream().map(r -> r.hold.id()).toList());
                Map<HoldId, Hold> holds = new HashMap<>();
                races.forEach(r -> holds.put(r.hold.id(), r.hold));
                assertThat(expired).allSatisfy(e -> {
                    Hold hold = holds.get(e.holdId());
                    assertThat(e.tableIds()).containsExactlyInAnyOrderElementsOf(hold.tableIds());
                    assertThat(e.window()).isEqualTo(hold.window());
                    assertThat(e.bookingId()).isEqualTo(hold.bookingId());
                    assertThat(e.expiredAt()).isEqualTo(expiry);
                });
                summary("at expiry", races);
            }
        }

        /** Places the holds one after another at the clock's instant, each on its own window so they never clash. */
        private List<Race> placeHolds(PostgresCapacity library, MutableInstantSource clock, long seed)
                throws SQLException {
            Floor floor = Floor.create(library, TABLES, EVENING);
            Random random = new Random(seed);
            List<Race> races = new ArrayList<>();
            for (int i = 0; i < HOLDS; i++) {
                List<TableId> tables = new ArrayList<>(floor.tables());
                Collections.shuffle(tables, random);
                BookingId booking = new BookingId(new UUID(random.nextLong(), random.nextLong()));
                TimeWindow window = TimeWindow.starting(EVENING.plus(Duration.ofHours(3L * i)), Duration.ofHours(2));
                Hold hold = library.allocationStore().placeHold(PlaceHoldRequest.builder(floor.restaurant(), window)
                        .tables(tables.subList(0, 1 + random.nextInt(2))).ttl(TTL)
                        // Every other hold is placed before its booking exists, and confirmed for it later.
                        .bookingId(i % 2 == 0 ? booking : null).build());
                assertThat(hold.expiresAt()).isEqualTo(clock.instant().plus(TTL));
                races.add(new Race(hold, booking));
            }
            Ledger ledger = Ledger.read(db, Set.of(floor.restaurant().value()));
            for (Race race : races) {
                race.allocationIds.addAll(ledger.allocations().stream()
                        .filter(a -> race.hold.id().value().equals(a.holdId())).map(AllocationRow::id).toList());
                assertThat(race.allocationIds).hasSameSizeAs(race.hold.tableIds());
            }
            return races;
        }

        /**
         * Runs {@link #PAIRS} pairs of threads; the two threads of a pair meet at a barrier before each of their
         * holds, then one confirms through one library instance while the other releases through the other.
         */
        private void runRaces(Libraries libs, List<Race> races) throws Exception {
            List<Callable<Void>> workers = new ArrayList<>();
            for (int p = 0; p < PAIRS; p++) {
                List<Race> mine = new ArrayList<>();
                for (int i = p; i < races.size(); i += PAIRS) {
                    mine.add(races.get(i));
                }
                CyclicBarrier together = new CyclicBarrier(2);
                AllocationStore confirming = libs.get(p % 2).allocationStore();
                AllocationStore releasing = libs.get((p + 1) % 2).allocationStore();
                workers.add(() -> {
                    for (Race race : mine) {
                        together.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
                        race.confirm.set(outcome(() -> confirming.confirmHold(race.hold.restaurantId(),
                                race.hold.id(), race.booking)));
                    }
                    return null;
                });
                workers.add(() -> {
                    for (Race race : mine) {
                        together.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
                        race.release.set(outcome(() -> {
                            releasing.releaseHold(race.hold.restaurantId(), race.hold.id());
                            return Race.RELEASED;
                        }));
                    }
                    return null;
                });
            }
            runAll(workers);
        }

        /** Each hold is either confirmed with exactly its tables booked, or gone with nothing left behind. */
        private void checkFinalState(List<Race> races) throws SQLException {
            RestaurantId restaurant = races.get(0).hold.restaurantId();
            Ledger ledger = Ledger.read(db, Set.of(restaurant.value()));
            assertThat(ledger.overlappingPairs()).isZero();
            assertThat(ledger.holdsWithoutRow()).isZero();
            assertThat(ledger.allocations()).as("no hold allocation is left").noneMatch(a -> a.kind().equals("hold"));
            Map<UUID, HoldRow> rows = new HashMap<>();
            ledger.holds().forEach(h -> rows.put(h.id(), h));
            Set<UUID> confirmedBookings = new HashSet<>();
            for (Race race : races) {
                HoldRow row = rows.get(race.hold.id().value());
                List<AllocationRow> booked = ledger.allocations().stream()
                        .filter(a -> race.booking.value().equals(a.bookingId())).toList();
                if (race.confirm.get() instanceof Confirmation c) {
                    confirmedBookings.add(race.booking.value());
                    assertThat(row).as("row of confirmed %s", race.describe()).isNotNull();
                    assertThat(row.confirmedAt()).as(race.describe()).isNotNull();
                    assertThat(row.confirmedBooking()).isEqualTo(race.booking.value());
                    // Turned into bookings in place: the same allocation rows, now of kind booking.
                    assertThat(booked).as("booking allocations of %s", race.describe()).allSatisfy(a -> {
                        assertThat(a.kind()).isEqualTo("booking");
                        assertThat(a.holdId()).isNull();
                        assertThat(a.window()).isEqualTo(race.hold.window());
                    }).extracting(AllocationRow::id).containsExactlyInAnyOrderElementsOf(race.allocationIds);
                    assertThat(booked).extracting(AllocationRow::tableId)
                            .containsExactlyInAnyOrderElementsOf(ids(race.hold.tableIds()));
                    assertThat(c.holdId()).isEqualTo(race.hold.id());
                    assertThat(c.bookingId()).isEqualTo(race.booking);
                    assertThat(c.allocations()).extracting(a -> a.id().value())
                            .containsExactlyInAnyOrderElementsOf(race.allocationIds);
                    assertThat(c.allocations()).extracting(Allocation::tableId).isSorted();
                } else {
                    assertThat(row).as("row of unconfirmed %s", race.describe()).isNull();
                    assertThat(booked).as("booking allocations of unconfirmed %s", race.describe()).isEmpty();
                    assertThat(ledger.allocations()).as("allocations of released %s", race.describe())
                            .noneMatch(a -> race.allocationIds.contains(a.id()));
                }
            }
            assertThat(ledger.holds()).as("only confirmed holds keep a row")
                    .allSatisfy(h -> assertThat(h.confirmedBooking()).isIn(confirmedBookings));
            assertThat(ledger.allocations()).as("every allocation belongs to a confirmed booking")
                    .allSatisfy(a -> assertThat(a.bookingId()).isIn(confirmedBookings));
        }

        private void summary(String what, List<Race> races) {
            Map<List<String>, Long> counts = new HashMap<>();
            races.forEach(r -> counts.merge(r.outcomes(), 1L, Long::sum));
            System.out.printf("confirm racing release %s: %s%n", what, counts);
        }
    }

    /** One confirm-versus-release race on one hold, and what each side saw. */
    private static final class Race {
        static final Object RELEASED = new Object();

        final Hold hold;
        final BookingId booking;
        final List<UUID> allocationIds = new ArrayList<>();
        final AtomicReference<Object> confirm = new AtomicReference<>();
        final AtomicReference<Object> release = new AtomicReference<>();

        Race(Hold hold, BookingId booking) {
            this.hold = hold;
            this.booking = booking;
        }

        /** The documented outcomes by name; anything else is named with its stack trace so that it fails loudly. */
        List<String> outcomes() {
            Object c = confirm.get();
            Object r = release.get();
            return List.of(
                    c instanceof Confirmation ? "CONFIRMED" : c instanceof HoldNotFound ? "NOT_FOUND"
                            : c instanceof HoldExpired ? "EXPIRED" : unexpected(c),
                    r == RELEASED ? "RELEASED" : r instanceof HoldNotFound ? "NOT_FOUND"
                            : r instanceof HoldAlreadyConfirmed ? "ALREADY_CONFIRMED" : unexpected(r));
        }

        private static String unexpected(Object outcome) {
            return outcome == null ? "NOT_RUN"
                    : "UNEXPECTED " + (outcome instanceof Throwable t ? stackTrace(t) : outcome.toString());
        }

        String describe() {
            return "hold " + hold.id() + " (booking " + booking + ", outcomes " + outcomes() + ")";
        }
    }

    private static Object outcome(Callable<Object> call) {
        try {
            return call.call();
        } catch (Throwable t) {
            return t;
        }
    }

    /** One placement and its outcome: a hold or the exception. */
    private record Attempt(PlaceHoldRequest request, Hold hold, Throwable error) {
        static Attempt run(AllocationStore store, PlaceHoldRequest request) {
            try {
                return new Attempt(request, store.placeHold(request), null);
            } catch (Throwable t) {
                return new Attempt(request, null, t);
            }
        }
    }
}
