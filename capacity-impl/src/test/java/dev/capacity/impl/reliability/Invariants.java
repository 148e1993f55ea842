package dev.capacity.impl.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.SweepResult;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.impl.reliability.EventLog.Expired;
import dev.capacity.impl.reliability.Ledger.BookingTrack;
import dev.capacity.impl.reliability.Ledger.Fate;
import dev.capacity.impl.reliability.Ledger.HoldTrack;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What must hold after a run, checked with plain SQL behind the library's back and against what the writers and
 * the events say: no double booking, no lost or left-behind row, no confirmation at or after expiry, and every
 * expired hold removed exactly once with exactly one event.
 *
 * <p>With {@code faults}, a connection may have been cut after a commit but before its answer arrived. Then the
 * caller got a retryable error for work that was done, so an expiry event can be missing (never duplicated) and
 * the jobs' reported counts can fall short of what they committed; the checks allow exactly that, and count it.
 */
final class Invariants {

    /** A hold row as the database has it. */
    private record HoldRow(UUID id, UUID booking, Instant expiresAt, Instant confirmedAt, UUID confirmedBooking) {
    }

    private final DataSource ds;
    private final Control control;
    private final boolean faults;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Long> figures = new java.util.LinkedHashMap<>();
    private long lostEvents;

    Invariants(DataSource ds, Control control, boolean faults) {
        this.ds = ds;
        this.control = control;
        this.faults = faults;
    }

    /** Checks the state the run left, before anything else touches it. */
    void checkAfterRun() throws SQLException {
        try (Connection c = ds.getConnection()) {
            zero(c, "overlapping live allocations on one table", """
                    SELECT count(*) FROM allocations a JOIN allocations b
                      ON a.restaurant_id = b.restaurant_id AND a.table_id = b.table_id AND a.id < b.id
                     AND a.during && b.during""");
            zero(c, "hold allocations without their unconfirmed hold (same restaurant, table, window, booking)", """
                    SELECT count(*) FROM allocations a LEFT JOIN holds h ON h.id = a.hold_id
                    WHERE a.kind = 'hold' AND (h.id IS NULL OR h.confirmed_at IS NOT NULL
                       OR h.restaurant_id <> a.restaurant_id OR NOT a.table_id = ANY (h.table_ids)
                       OR a.during <> tstzrange(h.starts_at, h.ends_at, '[)')
                       OR a.booking_id IS DISTINCT FROM h.booking_id)""");
            // The writers place holds only for bookings without allocations, so each has one row per table.
            zero(c, "unconfirmed holds without exactly one allocation per table", """
                    SELECT count(*) FROM holds h WHERE h.confirmed_at IS NULL
                    AND (SELECT count(*) FROM allocations a WHERE a.hold_id = h.id) <> cardinality(h.table_ids)""");
            zero(c, "holds confirmed at or after their expiry",
                    "SELECT count(*) FROM holds WHERE confirmed_at >= expires_at");
            zero(c, "allocations both live and archived",
                    "SELECT count(*) FROM allocations a JOIN allocations_archive x ON x.id = a.id");
            zero(c, "archived hold allocations, or allocations archived before their retention passed",
                    "SELECT count(*) FROM allocations_archive WHERE kind = 'hold' OR upper(during) >= archived_at - "
                            + "interval '" + Jobs.RETENTION.toSeconds() + " seconds'");
            Map<UUID, HoldRow> holds = new HashMap<>();
            for (HoldRow h : holdRows(c)) {
                holds.put(h.id(), h);
            }
            checkHolds(holds);
            checkBookings(c);
            long archived = count(c, "SELECT count(*) FROM allocations_archive");
            figures.put("allocations archived (rows in the archive)", archived);
            figures.put("allocations archived (as the prunes reported)", control.events.archivedReported());
            check(faults ? archived >= control.events.archivedReported()
                    : archived == control.events.archivedReported(), "the archive holds " + archived
                    + " rows but the prunes reported " + control.events.archivedReported());
        }
        long bySweeper = control.events.expired().stream().filter(Expired::bySweeper).count();
        figures.put("expired holds removed by sweepers (events)", bySweeper);
        figures.put("expired holds removed by writes (events)", control.events.expired().size() - bySweeper);
        check(bySweeper == control.events.sweptReported(), "sweepers published " + bySweeper
                + " expiry events but reported " + control.events.sweptReported() + " holds swept");
    }

    /** Expires every hold, sweeps until nothing is left, and checks that each hold ended exactly once. */
    void drainAndCheck(HoldSweeper sweeper) throws SQLException {
        control.clock.advance(Writer.MAX_HOLD_LIFETIME.plus(Duration.ofMinutes(1)));
        for (int i = 0; i < 1_000; i++) {
            SweepResult r = control.events.sweeping(sweeper::sweep);
            if (r.swept() == 0 && !r.backlogRemaining()) {
                break;
            }
        }
        try (Connection c = ds.getConnection()) {
            zero(c, "unconfirmed holds after the final sweep", "SELECT count(*) FROM holds WHERE confirmed_at IS NULL");
            zero(c, "hold allocations after the final sweep", "SELECT count(*) FROM allocations WHERE kind = 'hold'");
        }
        Map<HoldId, List<Expired>> events = eventsByHold();
        lostEvents = 0;
        for (HoldTrack t : control.ledger.holds().values()) {
            int n = events.getOrDefault(t.id, List.of()).size();
            switch (t.fate) {
                case OPEN, EXPIRED_SEEN, GONE -> expectOne(t, n);
                case CONFIRMED -> check(n == 0, t + " has " + n + " expiry events");
                default -> check(n <= 1, t + " has " + n + " expiry events");
            }
        }
        figures.put("expiry events lost to a connection cut after commit", lostEvents);
        if (faults) {
            long failures = control.tally.sum("op sweep UNAVAILABLE") + control.tally.sum("op place UNAVAILABLE")
                    + control.tally.sum("op confirm UNAVAILABLE") + control.tally.sum("op assign UNAVAILABLE")
                    + control.tally.sum("op release UNAVAILABLE");
            check(lostEvents <= failures, lostEvents + " events lost, but only " + failures
                    + " calls that remove holds failed");
        }
    }

    void assertHeld() {
        assertThat(violations).as("invariants after the run and after the final sweep").isEmpty();
    }

    /** The figures found, one per line. */
    String figures() {
        StringBuilder out = new StringBuilder();
        figures.forEach((k, v) -> out.append(String.format("  %-68s %9d%n", k, v)));
        return out.toString();
    }

    private void checkHolds(Map<UUID, HoldRow> rows) {
        Map<HoldId, List<Expired>> events = eventsByHold();
        Map<HoldId, HoldTrack> tracks = control.ledger.holds();
        Set<BookingId> uncertain = control.ledger.uncertainPlacements();
        Instant now = control.clock.instant();
        events.forEach((id, list) -> {
            check(list.size() == 1, "hold " + id + " has " + list.size() + " expiry events");
            HoldExpiredEvent e = list.get(0).event();
            HoldTrack t = tracks.get(id);
            if (t == null) {
                check(e.bookingId() != null && uncertain.contains(e.bookingId()), "expiry event of unknown " + e);
            } else if (t.fate != Fate.UNCERTAIN) {
                check(e.expiredAt().equals(t.expiresAt) && e.window().equals(t.window) && e.tableIds().equals(t.tables)
                        && t.booking.equals(e.bookingId()) && t.restaurant.equals(e.restaurantId())
                        && !e.expiredAt().isAfter(now), "event " + e + " of " + t);
            }
        });
        rows.values().stream().filter(h -> !tracks.containsKey(new HoldId(h.id()))).forEach(h ->
                check(h.booking() != null && uncertain.contains(new BookingId(h.booking())), "unknown hold row " + h));
        Map<Fate, Long> byFate = new EnumMap<>(Fate.class);
        for (HoldTrack t : tracks.values()) {
            byFate.merge(t.fate, 1L, Long::sum);
            HoldRow row = rows.get(t.id.value());
            int n = events.getOrDefault(t.id, List.of()).size();
            switch (t.fate) {
                case CONFIRMED -> {
                    check(n == 0, t + " has an expiry event");
                    check(row == null ? t.window.end().isBefore(control.events.latestCutoff())
                            : t.confirmedAt.equals(row.confirmedAt())
                                    && t.booking.value().equals(row.confirmedBooking()),
                            t + " confirmed at " + t.confirmedAt + " has row " + row);
                }
                case RELEASED, REPLACED -> {
                    check(row == null, t + " still has its row");
                    if (!t.expiresAt.isAfter(t.endedNotBefore)) {
                        expectOne(t, n);
                    } else if (t.expiresAt.isAfter(t.endedNotAfter)) {
                        check(n == 0, t + " was ended before it expired but has an expiry event");
                    }
                }
                case GONE -> {
                    check(row == null, t + " still has its row");
                    expectOne(t, n);
                }
                case OPEN, EXPIRED_SEEN -> {
                    if (row != null) {
                        check(row.confirmedAt() == null && n == 0, t + " has row " + row + " and " + n + " events");
                    } else {
                        expectOne(t, n);
                    }
                }
                case UNCERTAIN -> {
                    // At most one event, checked with the duplicates above.
                }
            }
        }
        figures.put("holds placed", (long) tracks.size());
        byFate.forEach((fate, n) -> figures.put("holds ending " + fate.name().toLowerCase(), n));
        figures.put("bookings whose hold placement was retried after a retryable failure", (long) uncertain.size());
    }

    private void checkBookings(Connection c) throws SQLException {
        Map<UUID, UUID> live = pairs(c, "SELECT id, booking_id FROM allocations WHERE kind = 'booking'");
        Map<UUID, UUID> archived = pairs(c, "SELECT id, booking_id FROM allocations_archive WHERE kind = 'booking'");
        Map<BookingId, BookingTrack> bookings = control.ledger.bookings();
        long created = 0;
        long lost = 0;
        long leftBehind = 0;
        long unknown = 0;
        long deleted = 0;
        for (BookingTrack b : bookings.values()) {
            created += b.everSeen.size();
            for (UUID id : b.current) {
                if (!live.containsKey(id) && !archived.containsKey(id)) {
                    lost++;
                    check(false, "allocation " + id + " of booking " + b.id + " is neither live nor archived");
                }
            }
            for (UUID id : b.everSeen) {
                if (!live.containsKey(id) && !archived.containsKey(id)) {
                    deleted++;
                }
            }
        }
        for (Map.Entry<UUID, UUID> row : live.entrySet()) {
            BookingTrack b = bookings.get(new BookingId(row.getValue()));
            if (b == null || !b.current.contains(row.getKey())) {
                leftBehind++;
                check(false, "live allocation " + row.getKey() + " of booking " + row.getValue()
                        + " is not among the allocations the library last reported for it");
            }
        }
        for (Map.Entry<UUID, UUID> row : archived.entrySet()) {
            BookingTrack b = bookings.get(new BookingId(row.getValue()));
            if (b == null || !b.everSeen.contains(row.getKey())) {
                unknown++;
                check(false, "archived allocation " + row.getKey() + " was never reported to its booking");
            }
        }
        figures.put("bookings", (long) bookings.size());
        figures.put("booking allocations created (reported to writers)", created);
        figures.put("booking allocations deleted by writers' moves and unassigns", deleted);
        figures.put("booking allocations live", (long) live.size());
        figures.put("booking allocations archived", (long) archived.size());
        figures.put("booking allocations lost, left behind or unknown", lost + leftBehind + unknown);
        check(created - deleted == live.size() + archived.size(), "created " + created + " - deleted " + deleted
                + " != live " + live.size() + " + archived " + archived.size());
    }

    private void expectOne(HoldTrack t, int n) {
        if (n == 0 && faults) {
            lostEvents++;
        } else {
            check(n == 1, t + " has " + n + " expiry events, expected one");
        }
    }

    private Map<HoldId, List<Expired>> eventsByHold() {
        Map<HoldId, List<Expired>> out = new HashMap<>();
        control.events.expired().forEach(e -> out.computeIfAbsent(e.event().holdId(), k -> new ArrayList<>()).add(e));
        return out;
    }

    private void check(boolean condition, String violation) {
        if (!condition && violations.size() < 100) {
            violations.add(violation);
        }
    }

    private void zero(Connection c, String what, String sql) throws SQLException {
        long n = count(c, sql);
        check(n == 0, n + " " + what);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<UUID, UUID> pairs(Connection c, String sql) throws SQLException {
        Map<UUID, UUID> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
            }
        }
        return out;
    }

    private static List<HoldRow> holdRows(Connection c) throws SQLException {
        List<HoldRow> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, booking_id, expires_at, confirmed_at, confirmed_booking_id FROM holds");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new HoldRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), instant(rs, 3),
                        instant(rs, 4), rs.getObject(5, UUID.class)));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
