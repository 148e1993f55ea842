package dev.capacity.impl.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Confirmation;
import dev.capacity.api.Hold;
import dev.capacity.api.MaintenanceRequest;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationOptions;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.BookingConflict;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.HoldAlreadyConfirmed;
import dev.capacity.api.error.HoldBookingMismatch;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.HoldExpired;
import dev.capacity.api.error.HoldExtensionLimit;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.PolicyDrift;
import dev.capacity.api.error.TableNotFound;
import dev.capacity.api.error.TableOutOfService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steps for every public method of {@link AllocationStore} and its request records and builders. The documented
 * errors are those of the interface's javadoc; after a success, what was written is read back and must be equal.
 */
final class LedgerOps {

    private LedgerOps() {
    }

    private static Set<Class<? extends CapacityError>> errors(List<Class<? extends CapacityError>> list) {
        return Set.copyOf(list);
    }

    static Op placeHold(Draw d) {
        Ref rr = d.restaurant();
        var tables = d.tables();
        var window = d.window();
        Sample<Duration> ttl = d.random().nextInt(3) == 0 ? d.duration("ttl")
                : Sample.ok("5m", Duration.ofMinutes(5));
        Ref booking = d.booking();
        Integer party = d.partySize();
        Sample<String> createdBy = d.optionalText("createdBy");
        Sample<Map<String, String>> metadata = d.metadata();
        var options = d.options();
        boolean builder = d.random().nextBoolean();
        Set<String> names = new Names().ref(rr, "restaurantId").sample(tables).sample(window)
                .sampleOrNull(ttl, "ttl").sample(metadata).sample(options).build();
        String args = rr + ", " + tables + ", " + window + ", ttl=" + ttl + ", booking=" + booking + ", party="
                + party + ", createdBy=" + createdBy + ", metadata=" + metadata + ", " + options
                + (builder ? ", builder" : ", record");
        return new Op("AllocationStore.placeHold", args, names,
                errors(List.of(InvalidRequest.class, AssignmentRejected.class, HoldConflict.class)), false, w -> {
                    RestaurantId r = w.restaurantOrNull(rr);
                    List<TableId> t = tables.value().make(w);
                    TimeWindow win = window.value().make(w);
                    ValidationOptions opt = options.value().make(w);
                    PlaceHoldRequest request;
                    if (builder) {
                        PlaceHoldRequest.Builder b = PlaceHoldRequest.builder(r, win).tables(t).bookingId(w.booking(booking))
                                .partySize(party).createdBy(createdBy.value()).options(opt);
                        metadata.value().forEach(b::metadata);
                        request = b.ttl(ttl.value()).build();
                    } else {
                        request = new PlaceHoldRequest(r, t, win, ttl.value(), w.booking(booking), party,
                                createdBy.value(), metadata.value(), opt);
                    }
                    Hold hold = w.backend().store().placeHold(request);
                    w.addHold(rr, hold.id());
                    assertThat(hold.metadata()).isEqualTo(request.metadata());
                    assertThat(hold.createdBy()).isEqualTo(request.createdBy());
                    assertThat(hold.tableIds()).isEqualTo(request.tableIds());
                    assertThat(hold.window()).isEqualTo(request.window());
                    assertThat(w.backend().store().findHold(r, hold.id())).contains(hold);
                    return hold;
                });
    }

    static Op confirmHold(Draw d) {
        Ref rr = d.restaurant();
        Ref hold = d.entity();
        Ref booking = d.booking();
        Set<String> names = new Names().ref(rr, "restaurantId").ref(hold, "holdId").ref(booking, "bookingId").build();
        return new Op("AllocationStore.confirmHold", rr + ", hold " + hold + ", booking " + booking, names,
                errors(List.of(HoldNotFound.class, HoldExpired.class, HoldBookingMismatch.class, PolicyDrift.class,
                        BookingConflict.class, HoldConflict.class, TableOutOfService.class)), false, w -> {
                    RestaurantId r = w.restaurantOrNull(rr);
                    BookingId b = w.booking(booking);
                    Confirmation c = w.backend().store().confirmHold(r, w.hold(hold), b);
                    w.addAllocations(rr, c.allocations());
                    assertThat(w.backend().store().allocationsOfBooking(r, b)).containsAll(c.allocations());
                    return c;
                });
    }

    static Op releaseHold(Draw d) {
        Ref rr = d.restaurant();
        Ref hold = d.entity();
        Set<String> names = new Names().ref(rr, "restaurantId").ref(hold, "holdId").build();
        return new Op("AllocationStore.releaseHold", rr + ", hold " + hold, names,
                errors(List.of(HoldNotFound.class, HoldAlreadyConfirmed.class)), false, w -> {
                    RestaurantId r = w.restaurantOrNull(rr);
                    w.backend().store().releaseHold(r, w.hold(hold));
                    assertThat(w.backend().store().findHold(r, w.hold(hold))).isEmpty();
                    return null;
                });
    }

    static Op extendHold(Draw d) {
        Ref rr = d.restaurant();
        Ref hold = d.entity();
        Sample<Duration> extension = d.duration("extension");
        Set<String> names = new Names().ref(rr, "restaurantId").ref(hold, "holdId")
                .sampleOrNull(extension, "extension").build();
        return new Op("AllocationStore.extendHold", rr + ", hold " + hold + ", " + extension, names,
                errors(List.of(InvalidRequest.class, HoldNotFound.class, HoldExpired.class,
                        HoldAlreadyConfirmed.class, HoldExtensionLimit.class)), false, w -> {
                    RestaurantId r = w.restaurantOrNull(rr);
                    Hold extended = w.backend().store().extendHold(r, w.hold(hold), extension.value());
                    assertThat(w.backend().store().findHold(r, extended.id())).contains(extended);
                    return extended;
                });
    }

    static Op assign(Draw d) {
        Ref rr = d.restaurant();
        Ref booking = d.booking();
        var tables = d.tables();
        var window = d.window();
        Integer party = d.partySize();
        Sample<String> createdBy = d.optionalText("createdBy");
        var options = d.options();
        boolean record = d.random().nextBoolean();
        Set<String> names = new Names().ref(rr, "restaurantId").ref(booking, "bookingId").sample(tables)
                .sample(window).sample(options).build();
        String args = rr + ", booking " + booking + ", " + tables + ", " + window + ", party=" + party
                + ", createdBy=" + createdBy + ", " + options + (record ? ", record" : ", of+with");
        return new Op("AllocationStore.assign", args, names,
                errors(List.of(InvalidRequest.class, AssignmentRejected.class, BookingConflict.class,
                        HoldConflict.class, TableOutOfService.class)), false, w -> {
                    RestaurantId r = w.restaurantOrNull(rr);
                    BookingId b = w.booking(booking);
                    List<TableId> t = tables.value().make(w);
                    TimeWindow win = window.value().make(w);
                    ValidationOptions opt = options.value().make(w);
                    AssignRequest request;
                    if (record) {
                        request = new AssignRequest(r, b, t, win, party, createdBy.value(), opt);
                    } else {
                        request = AssignRequest.of(r, b, t, win).withOptions(opt).withCreatedBy(createdBy.value());
                        if (party != null) {
                            request = request.withPartySize(party);
                        }
                    }
                    List<Allocation> written = w.backend().store().assign(request);
                    w.addAllocations(rr, written);
                    assertThat(written).extracting(Allocation::tableId)
                            .containsExactlyInAnyOrderElementsOf(request.tableIds());
                    for (Allocation a : written) {
                        assertThat(a.kind()).isEqualTo(AllocationKind.BOOKING);
                        assertThat(a.window()).isEqualTo(request.window());
                        assertThat(a.slackOverride()).isEqualTo(request.slackOverride());
                    }
                    assertThat(w.backend().store().allocationsOfBooking(r, b)).containsAll(written);
                    return written;
                });
    }

    static Op unassign(Draw d) {
        Ref rr = d.restaurant();
        Ref booking = d.booking();
        Set<String> names = new Names().ref(rr, "restaurantId").ref(booking, "bookingId").build();
        return new Op("AllocationStore.unassign", rr + ", booking " + booking, names, Set.of(), false, w -> {
            RestaurantId r = w.restaurantOrNull(rr);
            int removed = w.backend().store().unassign(r, w.booking(booking));
            assertThat(w.backend().store().allocationsOfBooking(r, w.booking(booking)))
                    .noneMatch(a -> a.kind() == AllocationKind.BOOKING);
            return removed;
        });
    }

    static Op blockTable(Draw d) {
        Ref rr = d.restaurant();
        Ref table = d.entity();
        var window = d.window();
        Sample<String> reason = d.optionalText("reason");
        Sample<String> createdBy = d.optionalText("createdBy");
        Set<String> names = new Names().ref(rr, "restaurantId").ref(table, "tableId").sample(window).build();
        return new Op("AllocationStore.blockTable", rr + ", table " + table + ", " + window + ", reason=" + reason
                + ", createdBy=" + createdBy, names, errors(List.of(TableNotFound.class, InvalidRequest.class,
                        BookingConflict.class, HoldConflict.class, TableOutOfService.class)), false, w -> {
                    RestaurantId r = w.restaurantOrNull(rr);
                    MaintenanceRequest request = new MaintenanceRequest(r, w.table(table), window.value().make(w),
                            reason.value(), createdBy.value());
                    Allocation block = w.backend().store().blockTable(request);
                    w.addAllocation(rr, block.id());
                    assertThat(block.note()).isEqualTo(request.reason());
                    assertThat(block.createdBy()).isEqualTo(request.createdBy());
                    assertThat(w.backend().store().allocationsOfTables(r, List.of(request.tableId()), request.window()))
                            .contains(block);
                    return block;
                });
    }

    static Op unblockTable(Draw d) {
        Ref rr = d.restaurant();
        Ref allocation = d.entity();
        Set<String> names = new Names().ref(rr, "restaurantId").ref(allocation, "allocationId").build();
        return new Op("AllocationStore.unblockTable", rr + ", allocation " + allocation, names, Set.of(), false,
                w -> w.backend().store().unblockTable(w.restaurantOrNull(rr), w.allocation(allocation)));
    }

    static Op read(Draw d) {
        Ref rr = d.restaurant();
        int which = d.random().nextInt(4);
        Ref booking = d.booking();
        Ref hold = d.entity();
        var tables = d.tables();
        var range = d.window();
        Names names = new Names().ref(rr, "restaurantId");
        return switch (which) {
            case 0 -> new Op("AllocationStore.allocationsOfBooking", rr + ", booking " + booking,
                    names.ref(booking, "bookingId").build(), Set.of(), true,
                    w -> w.backend().store().allocationsOfBooking(w.restaurantOrNull(rr), w.booking(booking)));
            case 1 -> new Op("AllocationStore.allocationsOfTables", rr + ", " + tables + ", " + range,
                    names.sample(tables).sample(range).build(), Set.of(), true,
                    w -> w.backend().store().allocationsOfTables(w.restaurantOrNull(rr), tables.value().make(w),
                            range.value().make(w)));
            case 2 -> new Op("AllocationStore.activeHolds", rr.toString(), names.build(), Set.of(), true,
                    w -> w.backend().store().activeHolds(w.restaurantOrNull(rr)));
            default -> new Op("AllocationStore.findHold", rr + ", hold " + hold, names.ref(hold, "holdId").build(),
                    Set.of(), true, w -> w.backend().store().findHold(w.restaurantOrNull(rr), w.hold(hold)));
        };
    }
}
