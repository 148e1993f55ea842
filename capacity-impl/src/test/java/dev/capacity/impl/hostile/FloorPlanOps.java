package dev.capacity.impl.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.BookingId;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.FloorPlans;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationOptions;
import dev.capacity.api.ValidationRequest;
import dev.capacity.api.Zone;
import dev.capacity.api.error.DuplicateName;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.TableInUse;
import dev.capacity.api.error.TableNotFound;
import dev.capacity.api.error.ZoneInUse;
import dev.capacity.api.error.ZoneNotFound;
import java.util.List;
import java.util.Set;

/**
 * Steps for every public method of {@link FloorPlanStore}, {@link FloorPlans} and
 * {@link ManualAssignmentValidator}, with {@link TableSpec} and {@link ValidationRequest} built from hostile values.
 */
final class FloorPlanOps {

    private FloorPlanOps() {
    }

    static Op createZone(Draw d) {
        Ref rr = d.restaurant();
        Sample<String> name = d.text("name");
        int sort = d.anInt();
        Set<String> names = new Names().ref(rr, "restaurantId").sampleOrNull(name, "name").build();
        return new Op("FloorPlanStore.createZone", rr + ", " + name + ", " + sort, names,
                Set.of(InvalidRequest.class, DuplicateName.class), false, w -> {
                    RestaurantId r = w.restaurantOrNull(rr);
                    Zone zone = w.backend().floorPlanStore().createZone(r, name.value(), sort);
                    w.addZone(rr, zone.id());
                    assertThat(zone.name()).isEqualTo(name.value());
                    assertThat(w.backend().floorPlanStore().load(r).zones()).contains(zone);
                    return zone;
                });
    }

    static Op updateZone(Draw d) {
        Ref rr = d.restaurant();
        Ref zone = d.entity();
        Sample<String> name = d.text("name");
        int sort = d.anInt();
        Set<String> names = new Names().ref(rr, "restaurantId").ref(zone, "zoneId").sampleOrNull(name, "name")
                .build();
        return new Op("FloorPlanStore.updateZone", rr + ", zone " + zone + ", " + name + ", " + sort, names,
                Set.of(InvalidRequest.class, ZoneNotFound.class, DuplicateName.class), false, w -> {
                    RestaurantId r = w.restaurantOrNull(rr);
                    Zone updated = w.backend().floorPlanStore().updateZone(r, w.zone(zone), name.value(), sort);
                    assertThat(updated.name()).isEqualTo(name.value());
                    assertThat(w.backend().floorPlanStore().load(r).zones()).contains(updated);
                    return updated;
                });
    }

    static Op deleteZone(Draw d) {
        Ref rr = d.restaurant();
        Ref zone = d.entity();
        Set<String> names = new Names().ref(rr, "restaurantId").ref(zone, "zoneId").build();
        return new Op("FloorPlanStore.deleteZone", rr + ", zone " + zone, names,
                Set.of(ZoneNotFound.class, ZoneInUse.class), false, w -> {
                    w.backend().floorPlanStore().deleteZone(w.restaurantOrNull(rr), w.zone(zone));
                    return null;
                });
    }

    /** A spec from hostile values, through the record or through {@code of} and the withers. */
    private static Draw.Make<TableSpec> spec(Draw d, Ref zone, Sample<String> label, StringBuilder described) {
        int capacity = d.anInt();
        int min = d.random().nextInt(3) == 0 ? d.anInt() : 1;
        Integer max = d.random().nextInt(3) == 0 ? Integer.valueOf(d.anInt()) : null;
        boolean movable = d.random().nextInt(4) != 0;
        boolean active = d.random().nextInt(6) != 0;
        boolean record = d.random().nextBoolean();
        described.append("zone ").append(zone).append(", ").append(label).append(", capacity ").append(capacity)
                .append(", party ").append(min).append("..").append(max).append(movable ? ", movable" : "")
                .append(active ? ", active" : ", inactive");
        return w -> record ? new TableSpec(w.zone(zone), label.value(), capacity, min, max, movable, active)
                : TableSpec.of(w.zone(zone), label.value(), capacity).withPartySize(min, max).withMovable(movable)
                        .withActive(active);
    }

    static Op createTable(Draw d) {
        Ref rr = d.restaurant();
        Ref zone = d.entity();
        Sample<String> label = d.text("label");
        StringBuilder args = new StringBuilder(rr + ", ");
        Draw.Make<TableSpec> spec = spec(d, zone, label, args);
        Set<String> names = new Names().ref(rr, "restaurantId").ref(zone, "zoneId").sampleOrNull(label, "label")
                .build();
        return new Op("FloorPlanStore.createTable", args.toString(), names,
                Set.of(InvalidRequest.class, ZoneNotFound.class, DuplicateName.class), false, w -> {
                    RestaurantId r = w.restaurantOrNull(rr);
                    TableSpec s = spec.make(w);
                    DiningTable table = w.backend().floorPlanStore().createTable(r, s);
                    w.addTable(rr, table.id());
                    assertThat(table.label()).isEqualTo(s.label());
                    assertThat(w.backend().floorPlanStore().load(r).tables()).contains(table);
                    return table;
                });
    }

    static Op updateTable(Draw d) {
        Ref rr = d.restaurant();
        Ref table = d.entity();
        Ref zone = d.entity();
        Sample<String> label = d.text("label");
        StringBuilder args = new StringBuilder(rr + ", table " + table + ", ");
        Draw.Make<TableSpec> spec = spec(d, zone, label, args);
        Set<String> names = new Names().ref(rr, "restaurantId").ref(table, "tableId").ref(zone, "zoneId")
                .sampleOrNull(label, "label").build();
        return new Op("FloorPlanStore.updateTable", args.toString(), names,
                Set.of(InvalidRequest.class, TableNotFound.class, ZoneNotFound.class, DuplicateName.class), false,
                w -> {
                    RestaurantId r = w.restaurantOrNull(rr);
                    TableSpec s = spec.make(w);
                    DiningTable updated = w.backend().floorPlanStore().updateTable(r, w.table(table), s);
                    assertThat(updated.label()).isEqualTo(s.label());
                    assertThat(w.backend().floorPlanStore().load(r).tables()).contains(updated);
                    return updated;
                });
    }

    static Op tableEdit(Draw d) {
        Ref rr = d.restaurant();
        Ref x = d.entity();
        Ref y = d.random().nextInt(5) == 0 ? x : d.entity();
        boolean active = d.random().nextBoolean();
        Names names = new Names().ref(rr, "restaurantId");
        return switch (d.random().nextInt(4)) {
            case 0 -> new Op("FloorPlanStore.setTableActive", rr + ", table " + x + ", " + active,
                    names.ref(x, "tableId").build(), Set.of(TableNotFound.class), false,
                    w -> w.backend().floorPlanStore().setTableActive(w.restaurantOrNull(rr), w.table(x), active));
            case 1 -> new Op("FloorPlanStore.deleteTable", rr + ", table " + x, names.ref(x, "tableId").build(),
                    Set.of(TableNotFound.class, TableInUse.class), false, w -> {
                        w.backend().floorPlanStore().deleteTable(w.restaurantOrNull(rr), w.table(x));
                        return null;
                    });
            case 2 -> new Op("FloorPlanStore.linkTables", rr + ", " + x + ", " + y,
                    names.ref(x, "x").ref(y, "y").build(), Set.of(InvalidRequest.class, TableNotFound.class), false,
                    w -> w.backend().floorPlanStore().linkTables(w.restaurantOrNull(rr), w.table(x), w.table(y)));
            default -> new Op("FloorPlanStore.unlinkTables", rr + ", " + x + ", " + y,
                    names.ref(x, "x").ref(y, "y").build(), Set.of(), false,
                    w -> w.backend().floorPlanStore().unlinkTables(w.restaurantOrNull(rr), w.table(x), w.table(y)));
        };
    }

    static Op read(Draw d) {
        Ref rr = d.restaurant();
        Set<String> names = new Names().ref(rr, "restaurantId").build();
        return switch (d.random().nextInt(4)) {
            case 0 -> new Op("FloorPlanStore.load", rr.toString(), names, Set.of(), true,
                    w -> w.backend().floorPlanStore().load(w.restaurantOrNull(rr)));
            case 1 -> new Op("FloorPlans.get", rr.toString(), names, Set.of(), true,
                    w -> w.backend().floorPlans().get(w.restaurantOrNull(rr)));
            case 2 -> new Op("FloorPlans.invalidate", rr.toString(), names, Set.of(), true, w -> {
                w.backend().floorPlans().invalidate(w.restaurantOrNull(rr));
                return null;
            });
            default -> new Op("FloorPlans.invalidateAll", "", Set.of(), Set.of(), true, w -> {
                w.backend().floorPlans().invalidateAll();
                return null;
            });
        };
    }

    static Op validate(Draw d) {
        Ref rr = d.restaurant();
        Ref booking = d.booking();
        Integer party = d.partySize();
        int partySize = party == null ? d.anInt() : party;
        var window = d.window();
        var tables = d.tables();
        var options = d.options();
        boolean record = d.random().nextBoolean();
        Set<String> names = new Names().ref(rr, "restaurantId").sample(window).sample(tables).sample(options)
                .build();
        return new Op("ManualAssignmentValidator.validate", rr + ", booking " + booking + ", party " + partySize
                + ", " + window + ", " + tables + ", " + options, names, Set.of(InvalidRequest.class), true, w -> {
                    RestaurantId r = w.restaurantOrNull(rr);
                    BookingId b = w.booking(booking);
                    TimeWindow win = window.value().make(w);
                    List<TableId> t = tables.value().make(w);
                    ValidationOptions opt = options.value().make(w);
                    ValidationRequest request = record ? new ValidationRequest(r, b, partySize, win, t, opt)
                            : ValidationRequest.of(r, b, partySize, win, t).withOptions(opt);
                    return w.backend().validator().validate(request);
                });
    }
}
