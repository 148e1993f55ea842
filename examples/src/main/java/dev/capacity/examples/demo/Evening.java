package dev.capacity.examples.demo;

import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldId;
import dev.capacity.api.MaintenanceRequest;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.SlackOverride;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.time.MutableInstantSource;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One evening, minute by minute: guests hold tables online and some walk away from the form; staff seat walk-ins and
 * run into the slack budget; a table breaks; the sweeper, scheduled on its own thread, removes abandoned holds.
 *
 * <p>The demo owns the clock and moves it a minute at a time, so the evening plays in seconds. The sweeper is
 * scheduled on its own thread with a real-time delay; when a hold expires, the evening waits until the sweeper has
 * removed it before it goes on, so that the story reads in order.
 */
final class Evening {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration SWEEP_WAIT = Duration.ofSeconds(20);

    private final PostgresCapacity capacity;
    private final AllocationStore store;
    private final MutableInstantSource clock;
    private final Timeline timeline;
    private final Restaurant restaurant;
    private final LocalDate day;
    private final PrintStream out;
    private final Tally tally = new Tally();
    private final Map<String, Hold> holds = new HashMap<>();
    private final Map<HoldId, String> holders = new HashMap<>();
    private final Map<BookingId, String> guests = new LinkedHashMap<>();
    private final Set<HoldId> removed = new HashSet<>();

    Evening(PostgresCapacity capacity, MutableInstantSource clock, Timeline timeline, Restaurant restaurant,
            LocalDate day, PrintStream out) {
        this.capacity = capacity;
        this.store = capacity.allocationStore();
        this.clock = clock;
        this.timeline = timeline;
        this.restaurant = restaurant;
        this.day = day;
        this.out = out;
    }

    /** What happened, for the report. */
    static final class Tally {
        int holdsPlaced;
        int holdsConfirmed;
        int holdsExtended;
        int staffAssignments;
        int overrides;
        int cancelled;
        final Map<String, Integer> refusals = new LinkedHashMap<>();
    }

    Tally tally() {
        return tally;
    }

    /** @return guest names by booking, for the table plan */
    Map<BookingId, String> guests() {
        return guests;
    }

    Instant at(String time) {
        return day.atTime(LocalTime.parse(time)).toInstant(ZoneOffset.UTC);
    }

    private TimeWindow window(String start, int minutes) {
        return TimeWindow.starting(at(start), Duration.ofMinutes(minutes));
    }

    /** Plays 17:00 to {@code until}, minute by minute; {@code plainSqlEdit} runs at 21:00. */
    void play(String until, Runnable plainSqlEdit) {
        for (LocalTime t = LocalTime.parse("17:00"); !t.isAfter(LocalTime.parse(until)); t = t.plusMinutes(1)) {
            tick(t);
            script(t.toString(), plainSqlEdit);
        }
    }

    private void script(String time, Runnable plainSqlEdit) {
        switch (time) {
            case "17:00" -> hold("Anna", "online", 2, "19:00", 120, "T1");
            case "17:02" -> confirm("Anna");
            case "17:05" -> hold("Bruno", "online", 6, "19:30", 120, "T3", "T4");   // never comes back
            case "17:07" -> {
                hold("Carla", "online", 4, "19:00", 120, "T4");                    // Bruno holds T4
                hold("Carla", "online", 4, "19:00", 120, "T6");
            }
            case "17:09" -> confirm("Carla");
            case "17:12" -> hold("Davide", "online", 6, "19:30", 120, "T3", "T4");
            case "17:14" -> confirm("Davide");
            case "17:20" -> hold("Elena", "online", 3, "20:00", 120, "P3");         // never comes back
            case "17:21" -> hold("Franco", "online", 4, "20:00", 120, "P1", "P2");  // never comes back
            case "17:30" -> hold("Giulia", "online", 2, "19:00", 120, "P2");
            case "17:33" -> confirm("Giulia");
            case "17:40" -> assign("Hugo", 2, "17:45", 90, null, "P3", "P4");       // 8 seats for 2 guests
            case "17:41" -> assign("Hugo", 2, "17:45", 90, null, "P1");
            case "18:05" -> block("T2", "18:00", 300, "wobbly leg");
            case "18:10" -> {
                hold("Irene", "online", 2, "20:00", 120, "T2");                     // out of service
                hold("Irene", "online", 2, "20:00", 120, "P4");
            }
            case "18:14" -> extend("Irene", Duration.ofMinutes(3));
            case "18:16" -> confirm("Irene");
            case "18:30" -> assign("Luca", 1, "19:00", 120,
                    new SlackOverride("regular guest, always sits at T5", "maître d' Marta"), "T5");
            case "19:00" -> hold("Marco", "online", 2, "21:00", 120, "T1");         // touches Anna's window
            case "19:02" -> confirm("Marco");
            case "19:20" -> hold("Nina", "online", 4, "21:00", 120, "P3");          // never comes back
            case "20:30" -> cancel("Carla");
            case "21:00" -> plainSqlEdit.run();
            default -> {
            }
        }
    }

    /**
     * Moves the clock to {@code t}. When holds have expired by then, waits until the scheduled sweeper has removed
     * them, and tells which: the sweeper runs on its own thread all along, this only keeps the story in order.
     */
    void tick(LocalTime t) {
        Instant now = day.atTime(t).toInstant(ZoneOffset.UTC);
        clock.set(now);
        Set<HoldId> due = new HashSet<>();
        for (Hold h : holds.values()) {
            if (!h.expiresAt().isAfter(now) && !removed.contains(h.id())) {
                due.add(h.id());
            }
        }
        long deadline = System.nanoTime() + SWEEP_WAIT.toNanos();
        while (true) {
            for (HoldExpiredEvent e : timeline.drainExpired()) {
                removed.add(e.holdId());
                String who = holders.getOrDefault(e.holdId(), "a hold of another restaurant");
                line("sweeper removed " + who + "'s expired hold on " + restaurant.labels(e.tableIds())
                        + " (expired " + hhmm(e.expiredAt()) + "): the tables are free for everyone");
            }
            if (removed.containsAll(due)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the scheduled sweeper did not remove the expired holds within "
                        + SWEEP_WAIT);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private void hold(String guest, String channel, int party, String start, int minutes, String... tables) {
        BookingId booking = guests.entrySet().stream().filter(g -> g.getValue().equals(guest)).map(Map.Entry::getKey)
                .findFirst().orElseGet(BookingId::random);
        try {
            Hold h = store.placeHold(PlaceHoldRequest.builder(restaurant.id(), window(start, minutes))
                    .tables(restaurant.tables(tables)).partySize(party).bookingId(booking).ttl(TTL)
                    .createdBy(channel).metadata("guest", guest).build());
            guests.put(booking, guest);
            holds.put(guest, h);
            holders.put(h.id(), guest);
            tally.holdsPlaced++;
            line(guest + " (" + channel + ", party of " + party + ") holds " + String.join("+", tables) + " for "
                    + span(h.window()) + "; the hold expires at " + hhmm(h.expiresAt()) + " unless confirmed");
        } catch (CapacityError e) {
            refused(guest + " (" + channel + ") tries " + String.join("+", tables) + " for " + span(window(start,
                    minutes)), e);
        }
    }

    private void confirm(String guest) {
        Hold h = Objects.requireNonNull(holds.remove(guest), guest);
        BookingId booking = Objects.requireNonNull(h.bookingId());
        store.confirmHold(restaurant.id(), h.id(), booking);
        tally.holdsConfirmed++;
        line(guest + " confirms: the hold on " + restaurant.labels(h.tableIds()) + " becomes a booking, in place");
    }

    private void extend(String guest, Duration more) {
        Hold h = store.extendHold(restaurant.id(), Objects.requireNonNull(holds.get(guest), guest).id(), more);
        holds.put(guest, h);
        tally.holdsExtended++;
        line(guest + " needs longer for the form: the hold is extended to " + hhmm(h.expiresAt()));
    }

    private void assign(String guest, int party, String start, int minutes, @Nullable SlackOverride override,
            String... tables) {
        BookingId booking = guests.entrySet().stream().filter(g -> g.getValue().equals(guest)).map(Map.Entry::getKey)
                .findFirst().orElseGet(BookingId::random);
        AssignRequest request = AssignRequest.of(restaurant.id(), booking, restaurant.tables(tables),
                window(start, minutes)).withPartySize(party).withCreatedBy("staff");
        if (override != null) {
            request = request.withSlackOverride(override);
        }
        String what = "staff seat " + guest + " (party of " + party + ") at " + String.join("+", tables) + " for "
                + span(window(start, minutes));
        try {
            store.assign(request);
            guests.put(booking, guest);
            tally.staffAssignments++;
            if (override != null) {
                tally.overrides++;
                line(what + " with a slack override by " + override.actor() + " (\"" + override.reason()
                        + "\"): allowed, recorded on the allocation");
            } else {
                line(what);
            }
        } catch (CapacityError e) {
            refused(what, e);
            out.println("         the problem body the staff screen gets (error.toProblem().toJson()):");
            out.println(Json.pretty(e.toProblem().toJson(), "           "));
        }
    }

    private void block(String table, String start, int minutes, String reason) {
        store.blockTable(new MaintenanceRequest(restaurant.id(), restaurant.table(table), window(start, minutes),
                reason, "staff"));
        line("staff take " + table + " out of service for " + span(window(start, minutes)) + " (" + reason + ")");
    }

    private void cancel(String guest) {
        BookingId booking = guests.entrySet().stream().filter(g -> g.getValue().equals(guest)).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
        int freed = store.unassign(restaurant.id(), booking);
        guests.remove(booking);
        tally.cancelled++;
        line(guest + " cancels: " + freed + " table freed");
    }

    private void refused(String what, CapacityError e) {
        tally.refusals.merge(e.httpStatus() + " " + e.code().code(), 1, Integer::sum);
        line(what + " -> refused: " + e.httpStatus() + " " + e.code().code() + ": " + e.detail());
    }

    void line(String text) {
        out.println("  " + hhmm(clock.instant()) + "  " + text);
    }

    static String hhmm(Instant instant) {
        return LocalTime.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    static String span(TimeWindow w) {
        return hhmm(w.start()) + "-" + hhmm(w.end());
    }
}
