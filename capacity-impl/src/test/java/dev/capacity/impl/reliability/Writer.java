package dev.capacity.impl.reliability;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Confirmation;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldStatus;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.BookingConflict;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.HoldExpired;
import dev.capacity.api.error.HoldExtensionLimit;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.error.PolicyDrift;
import dev.capacity.api.error.TableOutOfService;
import dev.capacity.impl.reliability.Ledger.BookingTrack;
import dev.capacity.impl.reliability.Ledger.Fate;
import dev.capacity.impl.reliability.Ledger.HoldTrack;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * One writer of a run: places, confirms, releases and extends holds, assigns, moves and unassigns bookings, and
 * reads, in a seeded random mix, moving the shared clock a little before each call. Documented errors are normal
 * outcomes and are counted; a retryable one is retried (see {@link Calls}); anything else, and any answer that
 * contradicts what the writer knows, is reported as unexpected.
 */
final class Writer implements Callable<Void> {

    static final Duration MAX_HOLD_LIFETIME = Duration.ofMinutes(5);
    private static final Duration[] TTLS = {Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(180),
            Duration.ofSeconds(240)};
    private static final Duration EXTENSION = Duration.ofSeconds(60);
    /** How far the clock moves before each call, at most: holds expire and windows age as the run goes. */
    private static final int MAX_STEP_MILLIS = 6_000;
    /** Holds a writer still works on; older ones are left to expire. */
    private static final int RECENT = 4;

    private final String name;
    private final AllocationStore store;
    private final Site site;
    private final Control control;
    private final Calls calls;
    private final Random random;
    private final List<HoldTrack> open = new ArrayList<>();
    private final List<HoldTrack> confirmed = new ArrayList<>();
    private final List<BookingTrack> booked = new ArrayList<>();

    Writer(String name, AllocationStore store, Site site, Control control, long seed) {
        this.name = name;
        this.store = store;
        this.site = site;
        this.control = control;
        this.calls = new Calls(control);
        this.random = new Random(seed);
    }

    @Override
    public Void call() {
        while (control.running()) {
            control.clock.advance(Duration.ofMillis(random.nextInt(MAX_STEP_MILLIS + 1)));
            try {
                step();
            } catch (RuntimeException | AssertionError e) {
                control.unexpected(name + " failed", e);
            }
        }
        return null;
    }

    private void step() {
        int dice = random.nextInt(100);
        if (dice < 28) {
            place();
        } else if (dice < 48) {
            confirm();
        } else if (dice < 55) {
            release();
        } else if (dice < 63) {
            extend();
        } else if (dice < 79) {
            assign();
        } else if (dice < 86) {
            unassign();
        } else if (dice < 92) {
            reconfirm();
        } else {
            read();
        }
    }

    private void place() {
        Site.Restaurant r = site.random(random);
        Site.Selection selection = Site.select(r, random);
        TimeWindow window = window();
        List<HoldTrack> sameRestaurant = open.stream().filter(t -> t.restaurant.equals(r.id())).toList();
        HoldTrack replacing = !sameRestaurant.isEmpty() && random.nextInt(100) < 15
                ? sameRestaurant.get(random.nextInt(sameRestaurant.size())) : null;
        BookingId booking = replacing != null ? replacing.booking : BookingId.random();
        Duration ttl = TTLS[random.nextInt(TTLS.length)];
        PlaceHoldRequest request = PlaceHoldRequest.builder(r.id(), window).tables(selection.tables()).ttl(ttl)
                .bookingId(booking).partySize(selection.partySize()).createdBy(name).build();
        Calls.Outcome<Hold> o = calls.call("place", true, () -> store.placeHold(request),
                HoldConflict.class, AssignmentRejected.class);
        if (o.uncertain()) {
            control.ledger.uncertainPlacement(booking);
        }
        if (o.ok()) {
            Hold h = o.value();
            expect(h.status() == HoldStatus.ACTIVE && h.expiresAt().equals(h.createdAt().plus(ttl))
                    && !h.createdAt().isBefore(o.notBefore()) && !h.createdAt().isAfter(o.notAfter())
                    && h.tableIds().equals(selection.tables()) && h.window().equals(window)
                    && booking.equals(h.bookingId()), "placed " + h + " for " + request);
            open.add(control.ledger.placed(h));
            if (open.size() > RECENT) {
                open.remove(0);
            }
            if (replacing != null) {
                replacing.end(Fate.REPLACED, o.notBefore(), o.notAfter());
                open.remove(replacing);
            }
        } else if (replacing != null && o.uncertain()) {
            // An attempt may have committed and released the hold it replaced before a later one was refused.
            replacing.fate = Fate.UNCERTAIN;
            open.remove(replacing);
        }
    }

    private void confirm() {
        HoldTrack t = pick(open);
        if (t == null) {
            place();
            return;
        }
        Calls.Outcome<Confirmation> o = calls.call("confirm", true,
                () -> store.confirmHold(t.restaurant, t.id, t.booking), HoldNotFound.class, HoldExpired.class,
                PolicyDrift.class, BookingConflict.class, HoldConflict.class, TableOutOfService.class);
        if (o.ok()) {
            Confirmation c = o.value();
            expect(c.holdId().equals(t.id) && c.bookingId().equals(t.booking)
                    && !c.confirmedAt().isBefore(o.notBefore()) && !c.confirmedAt().isAfter(o.notAfter()),
                    "confirmation " + c + " of " + t);
            expect(c.confirmedAt().isBefore(t.expiresAt), "confirmed at " + c.confirmedAt() + ", not before the "
                    + "expiry of " + t);
            expect(c.allocations().stream().allMatch(a -> a.kind() == AllocationKind.BOOKING
                    && a.window().equals(t.window) && t.booking.equals(a.bookingId()))
                    && tables(c.allocations()).equals(new HashSet<>(t.tables)), "allocations of " + c);
            t.fate = Fate.CONFIRMED;
            t.confirmedAt = c.confirmedAt();
            open.remove(t);
            confirmed.add(t);
            if (confirmed.size() > RECENT) {
                confirmed.remove(0);
            }
            BookingTrack b = control.ledger.booking(t.restaurant, t.booking);
            b.reported(c.allocations());
            booked.add(b);
        } else if (o.error() instanceof HoldNotFound) {
            // Had an earlier attempt committed, this one would have answered with the same confirmation.
            t.fate = Fate.GONE;
            open.remove(t);
        } else if (o.error() instanceof HoldExpired e) {
            expect(e.expiredAt().equals(t.expiresAt) && !t.expiresAt.isAfter(o.notAfter()), e + " for " + t);
            t.fate = Fate.EXPIRED_SEEN;
            open.remove(t);
        }
    }

    private void release() {
        HoldTrack t = pick(open);
        if (t == null) {
            place();
            return;
        }
        Calls.Outcome<Boolean> o = calls.call("release", true, () -> {
            store.releaseHold(t.restaurant, t.id);
            return true;
        }, HoldNotFound.class);
        if (o.ok()) {
            t.end(Fate.RELEASED, o.notBefore(), o.notAfter());
            open.remove(t);
        } else if (o.error() instanceof HoldNotFound) {
            t.fate = o.uncertain() ? Fate.UNCERTAIN : Fate.GONE;
            open.remove(t);
        }
    }

    private void extend() {
        HoldTrack t = pick(open);
        if (t == null) {
            place();
            return;
        }
        Instant before = t.expiresAt;
        // Not retried: a second extension after one that committed unseen would extend twice.
        Calls.Outcome<Hold> o = calls.call("extend", false, () -> store.extendHold(t.restaurant, t.id, EXTENSION),
                HoldNotFound.class, HoldExpired.class, HoldExtensionLimit.class);
        if (o.ok()) {
            expect(o.value().expiresAt().equals(before.plus(EXTENSION)), "extended " + o.value() + " of " + t);
            t.expiresAt = o.value().expiresAt();
        } else if (o.error() instanceof HoldNotFound) {
            t.fate = Fate.GONE;
            open.remove(t);
        } else if (o.error() instanceof HoldExpired e) {
            expect(e.expiredAt().equals(before), e + " for " + t);
            t.fate = Fate.EXPIRED_SEEN;
            open.remove(t);
        } else if (o.error() instanceof HoldExtensionLimit e) {
            expect(e.latestAllowedExpiry().equals(t.createdAt.plus(MAX_HOLD_LIFETIME)), e + " for " + t);
        } else if (o.uncertain()) {
            Calls.Outcome<Optional<Hold>> seen = calls.call("findHold", true, () -> store.findHold(t.restaurant, t.id));
            if (seen.ok() && seen.value().isPresent()) {
                t.expiresAt = seen.value().get().expiresAt();
            } else if (seen.ok()) {
                t.fate = Fate.GONE;
                open.remove(t);
            }
        }
    }

    private void assign() {
        BookingTrack moving = random.nextInt(100) < 40 ? pickBooked() : null;
        Site.Restaurant r = moving != null ? site.restaurant(moving.restaurant) : site.random(random);
        Site.Selection selection = Site.select(r, random);
        TimeWindow window = window();
        BookingId booking = moving != null ? moving.id : BookingId.random();
        AssignRequest request = AssignRequest.of(r.id(), booking, selection.tables(), window)
                .withPartySize(selection.partySize()).withCreatedBy(name);
        Calls.Outcome<List<Allocation>> o = calls.call("assign", true, () -> store.assign(request),
                BookingConflict.class, HoldConflict.class, AssignmentRejected.class, TableOutOfService.class);
        BookingTrack b = moving;
        if (b == null && (o.ok() || o.uncertain())) {
            b = control.ledger.booking(r.id(), booking);
        }
        if (o.ok()) {
            expect(o.value().stream().allMatch(a -> a.kind() == AllocationKind.BOOKING && a.window().equals(window)
                    && booking.equals(a.bookingId()))
                    && tables(o.value()).equals(new HashSet<>(selection.tables())), "assigned " + o.value());
            b.reported(o.value());
        } else if (o.uncertain() && b != null) {
            resolve(b);
        }
        if (b != null && moving == null && !b.current.isEmpty()) {
            booked.add(b);
        }
    }

    private void unassign() {
        BookingTrack b = pickBooked();
        if (b == null) {
            assign();
            return;
        }
        int had = b.current.size();
        Calls.Outcome<Integer> o = calls.call("unassign", true, () -> store.unassign(b.restaurant, b.id));
        if (o.ok()) {
            // Only the pruner could have taken rows away meanwhile, and only rows of a window long over.
            expect(o.uncertain() || o.value() == had || b.window.end().isBefore(o.notAfter().minus(Jobs.RETENTION)),
                    "unassign removed " + o.value() + " of " + had + " allocations of " + b.id);
            b.current.clear();
            booked.remove(b);
        }
    }

    private void reconfirm() {
        HoldTrack t = pick(confirmed);
        if (t == null) {
            confirm();
            return;
        }
        Calls.Outcome<Confirmation> o = calls.call("reconfirm", true,
                () -> store.confirmHold(t.restaurant, t.id, t.booking), HoldNotFound.class);
        if (o.ok()) {
            expect(o.value().confirmedAt().equals(t.confirmedAt), "confirmed again " + o.value() + " of " + t);
        } else if (o.error() != null) {
            // The pruner drops a confirmed hold only once its window ended before the cutoff.
            expect(t.window.end().isBefore(o.notAfter().minus(Jobs.RETENTION)), "confirmed " + t + " not found");
            confirmed.remove(t);
        }
    }

    private void read() {
        Site.Restaurant r = site.random(random);
        Calls.Outcome<List<Hold>> holds = calls.call("read", true, () -> store.activeHolds(r.id()));
        if (holds.ok()) {
            expect(holds.value().stream().allMatch(h -> h.status() == HoldStatus.ACTIVE
                    && h.expiresAt().isAfter(holds.notBefore())), "active holds " + holds.value());
        }
        BookingTrack b = pickBooked();
        if (b != null) {
            Calls.Outcome<List<Allocation>> mine = calls.call("read", true,
                    () -> store.allocationsOfBooking(b.restaurant, b.id));
            if (mine.ok()) {
                Set<UUID> ids = new HashSet<>();
                mine.value().stream().filter(a -> a.kind() == AllocationKind.BOOKING)
                        .forEach(a -> ids.add(a.id().value()));
                expect(ids.equals(b.current) || b.window.end().isBefore(mine.notAfter().minus(Jobs.RETENTION)),
                        "allocations of " + b.id + " are " + ids + ", not " + b.current);
            }
        }
    }

    /** After a call on the booking whose outcome a retryable failure hid, learn what the booking has now. */
    private void resolve(BookingTrack b) {
        Calls.Outcome<List<Allocation>> seen = calls.call("allocationsOfBooking", true,
                () -> store.allocationsOfBooking(b.restaurant, b.id));
        if (seen.ok()) {
            b.reported(seen.value());
        }
    }

    /** Start on a quarter hour within the next four hours, for one hour or ninety minutes. */
    private TimeWindow window() {
        Instant now = control.clock.instant();
        Instant quarter = now.truncatedTo(ChronoUnit.HOURS)
                .plus(Duration.ofMinutes(15 * (now.atZone(java.time.ZoneOffset.UTC).getMinute() / 15 + 1)));
        return TimeWindow.starting(quarter.plus(Duration.ofMinutes(15L * random.nextInt(16))),
                Duration.ofMinutes(random.nextBoolean() ? 60 : 90));
    }

    private HoldTrack pick(List<HoldTrack> from) {
        return from.isEmpty() ? null : from.get(random.nextInt(from.size()));
    }

    /** A booking of this writer whose window has not started: older ones are left alone (and to the pruner). */
    private BookingTrack pickBooked() {
        Instant now = control.clock.instant();
        booked.removeIf(b -> b.current.isEmpty() || !b.window.start().isAfter(now));
        return booked.isEmpty() ? null : booked.get(random.nextInt(booked.size()));
    }

    private static Set<dev.capacity.api.TableId> tables(List<Allocation> allocations) {
        Set<dev.capacity.api.TableId> out = new HashSet<>();
        allocations.forEach(a -> out.add(a.tableId()));
        return out;
    }

    private void expect(boolean condition, String what) {
        if (!condition) {
            control.unexpected(name + ": unexpected " + what, null);
        }
    }
}
