package dev.capacity.impl.security;

import dev.capacity.api.AllocationId;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.DiningTable;
import dev.capacity.api.Hold;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.impl.PostgresCapacity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One restaurant's rows in every table, written by the owner: a zone with two linked tables, a booking from 40 days
 * ago (archived by {@link #archiveOld}), a booking tonight, an active hold tonight and a hold that expires after five
 * minutes (swept once the clock moves on).
 *
 * @param restaurant the restaurant
 * @param zone its zone
 * @param t1 a table
 * @param t2 a table linked to {@code t1}
 * @param oldBooking the booking whose allocation ends up in the archive
 * @param oldAllocation that allocation
 * @param booking the booking tonight, on {@code t2}
 * @param hold the active hold tonight, on {@code t1}
 * @param expiring the hold that expires after five minutes, on {@code t1} tomorrow
 */
record TenantSeed(RestaurantId restaurant, Zone zone, DiningTable t1, DiningTable t2, BookingId oldBooking,
        AllocationId oldAllocation, BookingId booking, Hold hold, Hold expiring) {

    static final Instant T0 = Instant.parse("2030-03-01T12:00:00Z");
    static final TimeWindow TONIGHT = TimeWindow.starting(T0.plusSeconds(7 * 3600), Duration.ofHours(2));
    static final TimeWindow TOMORROW = TimeWindow.starting(T0.plusSeconds(31 * 3600), Duration.ofHours(2));
    static final TimeWindow LONG_AGO = TimeWindow.starting(T0.minus(Duration.ofDays(40)), Duration.ofHours(2));

    static TenantSeed of(PostgresCapacity owner, RestaurantId r) {
        Zone zone = owner.floorPlanStore().createZone(r, "Main", 0);
        DiningTable t1 = owner.floorPlanStore().createTable(r, TableSpec.of(zone.id(), "T1", 4));
        DiningTable t2 = owner.floorPlanStore().createTable(r, TableSpec.of(zone.id(), "T2", 4));
        owner.floorPlanStore().linkTables(r, t1.id(), t2.id());
        BookingId oldBooking = BookingId.random();
        AllocationId old = owner.allocationStore()
                .assign(AssignRequest.of(r, oldBooking, List.of(t1.id()), LONG_AGO)).get(0).id();
        BookingId booking = BookingId.random();
        owner.allocationStore().assign(AssignRequest.of(r, booking, List.of(t2.id()), TONIGHT));
        Hold hold = owner.allocationStore().placeHold(PlaceHoldRequest.builder(r, TONIGHT).tables(t1.id())
                .ttl(Duration.ofMinutes(20)).build());
        Hold expiring = owner.allocationStore().placeHold(PlaceHoldRequest.builder(r, TOMORROW).tables(t1.id())
                .ttl(Duration.ofMinutes(5)).build());
        return new TenantSeed(r, zone, t1, t2, oldBooking, old, booking, hold, expiring);
    }

    /** Moves every allocation that ended 30 days ago to the archive, as the owner (who bypasses the policies). */
    static void archiveOld(PostgresCapacity owner) {
        owner.allocationPruner(dev.capacity.api.PrunerSettings.defaults().withRetention(Duration.ofDays(30))).prune();
    }
}
