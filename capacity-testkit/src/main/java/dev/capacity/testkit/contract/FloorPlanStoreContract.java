package dev.capacity.testkit.contract;

import static dev.capacity.api.HoldStatus.EXPIRED;
import static dev.capacity.api.error.ErrorCode.*;
import static dev.capacity.testkit.contract.ContractFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.*;
import dev.capacity.api.error.*;
import dev.capacity.testkit.time.MutableInstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link FloorPlanStore} meets: zones, tables and adjacency edits, their errors, the floor-plan
 * version, immutable snapshots and tenant isolation. Deleting a table also touches the ledger (tables in use, expired
 * holds, past allocations), so the harness must supply the {@link AllocationStore} of the same instance.
 *
 * <p>To run it, extend it and build the implementation under test from the given settings; the suite calls
 * {@link #createHarness} before every test and works in fresh random restaurants, so a shared database needs no
 * cleaning between tests.
 *
 * <pre>{@code
 * class MyFloorPlanStoreTest extends FloorPlanStoreContract {
 *     @Override
 *     protected CapacityHarness createHarness(HarnessSettings settings) {
 *         MyCapacity capacity = MyCapacity.builder(dataSource)
 *                 .clock(settings.clock())
 *                 .listener(settings.listener())
 *                 .maxHoldLifetime(settings.maxHoldLifetime())
 *                 .build();
 *         return new CapacityHarness() {
 *             public AllocationStore allocationStore() { return capacity.allocationStore(); }
 *             public FloorPlanStore floorPlanStore() { return capacity.floorPlanStore(); }
 *         };
 *     }
 * }
 * }</pre>
 */
public abstract class FloorPlanStoreContract {

    private ContractFixtures fx;
    private FloorPlanStore plans;
    private MutableInstantSource clock;
    private RecordingListener events;
    private RestaurantId restaurant, other;

    /**
     * Builds the implementation under test; called before every test.
     *
     * @param settings the clock, listener and lifetime cap it must use
     * @return its stores
     */
    protected abstract CapacityHarness createHarness(HarnessSettings settings);

    @BeforeEach
    void setUpFloorPlanStoreContract() {
        clock = MutableInstantSource.fixed();
        events = new RecordingListener();
        fx = new ContractFixtures(clock, events, this::createHarness);
        plans = fx.plans;
        restaurant = fx.restaurant;
        other = fx.other;
    }

    private Zone zone(String name) {
        return plans.createZone(restaurant, name, 0);
    }

    private DiningTable table(Zone zone, String label) {
        return plans.createTable(restaurant, TableSpec.of(zone.id(), label, 4));
    }

    private long version() {
        return plans.load(restaurant).version();
    }

    @Nested
    @DisplayName("zones")
    public class Zones {

        @Test
        @DisplayName("a new zone is listed by load with its name and sort order")
        public void create() {
            Zone zone = plans.createZone(restaurant, "Terrasse été 🌞", 3);
            assertThat(zone).extracting(Zone::restaurantId, Zone::name, Zone::sortOrder)
                    .containsExactly(restaurant, "Terrasse été 🌞", 3);
            assertThat(plans.load(restaurant).zones()).containsExactly(zone);
        }

        @Test
        @DisplayName("zone names are unique per restaurant, case-insensitively")
        public void uniqueNames() {
            zone("Terrace");
            DuplicateName e = fx.rejects(DuplicateName.class, DUPLICATE_NAME, 409,
                    () -> plans.createZone(restaurant, "TERRACE", 1));
            assertThat(e).extracting(DuplicateName::entity, DuplicateName::name).containsExactly("zone", "TERRACE");
            assertThat(plans.createZone(other, "terrace", 0).restaurantId()).isEqualTo(other);
        }

        @Test
        @DisplayName("a blank, over-long or NUL name is INVALID_REQUEST; 200 characters are allowed")
        public void nameRules() {
            Zone zone = zone("Main");
            for (String name : List.of("", "   ", "z".repeat(201), "a\0b")) {
                fx.invalid(INVALID_REQUEST, "name", () -> plans.createZone(restaurant, name, 0));
                fx.invalid(INVALID_REQUEST, "name", () -> plans.updateZone(restaurant, zone.id(), name, 0));
            }
            assertThat(plans.createZone(restaurant, "z".repeat(200), 1).name()).hasSize(200);
        }

        @Test
        @DisplayName("updating renames and re-sorts a zone; its own name in another case is allowed")
        public void update() {
            Zone zone = plans.createZone(restaurant, "Bar", 1);
            Zone updated = plans.updateZone(restaurant, zone.id(), "BAR", 5);
            assertThat(updated).isEqualTo(new Zone(zone.id(), restaurant, "BAR", 5));
            assertThat(plans.load(restaurant).zones()).containsExactly(updated);
        }

        @Test
        @DisplayName("renaming to another zone's name is DuplicateName; unknown and foreign zones are ZoneNotFound")
        public void updateRejected() {
            Zone bar = zone("Bar");
            zone("Garden");
            fx.rejects(DuplicateName.class, DUPLICATE_NAME, 409,
                    () -> plans.updateZone(restaurant, bar.id(), "garden", 0));
            Zone theirs = plans.createZone(other, "Patio", 0);
            for (ZoneId id : List.of(ZoneId.random(), theirs.id())) {
                ZoneNotFound e = fx.rejects(ZoneNotFound.class, ZONE_NOT_FOUND, 404,
                        () -> plans.updateZone(restaurant, id, "Patio", 0));
                assertThat(e.zoneId()).isEqualTo(id);
            }
        }

        @Test
        @DisplayName("an empty zone can be deleted once; unknown and foreign zones are ZoneNotFound")
        public void delete() {
            Zone zone = zone("Main");
            Zone theirs = plans.createZone(other, "Main", 0);
            plans.deleteZone(restaurant, zone.id());
            assertThat(plans.load(restaurant).zones()).isEmpty();
            for (ZoneId id : List.of(zone.id(), theirs.id())) {
                fx.rejects(ZoneNotFound.class, ZONE_NOT_FOUND, 404, () -> plans.deleteZone(restaurant, id));
            }
        }

        @Test
        @DisplayName("a zone with tables cannot be deleted: ZoneInUse counts them")
        public void inUse() {
            Zone zone = zone("Main");
            table(zone, "A");
            table(zone, "B");
            ZoneInUse e = fx.rejects(ZoneInUse.class, ZONE_IN_USE, 409, () -> plans.deleteZone(restaurant, zone.id()));
            assertThat(e).extracting(ZoneInUse::zoneId, ZoneInUse::tables).containsExactly(zone.id(), 2);
        }
    }

    @Nested
    @DisplayName("tables")
    public class Tables {

        @Test
        @DisplayName("a new table carries its spec and is listed by load")
        public void create() {
            Zone zone = zone("Main");
            DiningTable table = plans.createTable(restaurant, new TableSpec(zone.id(), "Window", 4, 2, 4, false, true));
            assertThat(table)
                    .isEqualTo(new DiningTable(table.id(), restaurant, zone.id(), "Window", 4, 2, 4, false, true));
            assertThat(plans.load(restaurant).tables()).containsExactly(table);
        }

        @Test
        @DisplayName("a spec that breaks a rule is INVALID_REQUEST naming the field, checked before the zone")
        public void specRules() {
            Zone zone = zone("Main");
            DiningTable table = table(zone, "A");
            ZoneId unknownZone = ZoneId.random();
            List<Map.Entry<String, TableSpec>> broken = List.of(
                    Map.entry("label", TableSpec.of(unknownZone, "", 4)),
                    Map.entry("label", TableSpec.of(unknownZone, "  ", 4)),
                    Map.entry("label", TableSpec.of(unknownZone, "L".repeat(101), 4)),
                    Map.entry("label", TableSpec.of(unknownZone, "a\0", 4)),
                    Map.entry("capacity", TableSpec.of(unknownZone, "B", 0)),
                    Map.entry("minPartySize", TableSpec.of(unknownZone, "B", 4).withPartySize(0, null)),
                    Map.entry("maxPartySize", TableSpec.of(unknownZone, "B", 4).withPartySize(3, 2)));
            for (Map.Entry<String, TableSpec> c : broken) {
                fx.invalid(INVALID_REQUEST, c.getKey(), () -> plans.createTable(restaurant, c.getValue()));
                fx.invalid(INVALID_REQUEST, c.getKey(), () -> plans.updateTable(restaurant, table.id(), c.getValue()));
            }
            DiningTable edge =
                    plans.createTable(restaurant, TableSpec.of(zone.id(), "L".repeat(100), 4).withPartySize(2, 2));
            assertThat(edge).extracting(DiningTable::minPartySize, DiningTable::maxPartySize).containsExactly(2, 2);
        }

        @Test
        @DisplayName("a table in an unknown or foreign zone is ZoneNotFound")
        public void unknownZone() {
            Zone theirs = plans.createZone(other, "Main", 0);
            for (ZoneId id : List.of(ZoneId.random(), theirs.id())) {
                ZoneNotFound e = fx.rejects(ZoneNotFound.class, ZONE_NOT_FOUND, 404,
                        () -> plans.createTable(restaurant, TableSpec.of(id, "A", 2)));
                assertThat(e.zoneId()).isEqualTo(id);
            }
        }

        @Test
        @DisplayName("labels are unique per restaurant, and case-sensitive")
        public void uniqueLabels() {
            Zone main = zone("Main");
            Zone patio = zone("Patio");
            table(main, "T1");
            DuplicateName e = fx.rejects(DuplicateName.class, DUPLICATE_NAME, 409,
                    () -> plans.createTable(restaurant, TableSpec.of(patio.id(), "T1", 2)));
            assertThat(e).extracting(DuplicateName::entity, DuplicateName::name).containsExactly("table", "T1");
            table(main, "t1");
            plans.createTable(other, TableSpec.of(plans.createZone(other, "Main", 0).id(), "T1", 2));
            assertThat(plans.load(restaurant).tables()).extracting(DiningTable::label)
                    .containsExactlyInAnyOrder("T1", "t1");
        }

        @Test
        @DisplayName("updating a table replaces its attributes, zone included, and may keep its label")
        public void update() {
            Zone main = zone("Main");
            Zone patio = zone("Patio");
            DiningTable table = table(main, "A");
            DiningTable updated =
                    plans.updateTable(restaurant, table.id(), new TableSpec(patio.id(), "A2", 6, 2, 6, false, false));
            assertThat(updated)
                    .isEqualTo(new DiningTable(table.id(), restaurant, patio.id(), "A2", 6, 2, 6, false, false));
            assertThat(plans.load(restaurant).tables()).containsExactly(updated);
            assertThat(plans.updateTable(restaurant, table.id(), TableSpec.of(patio.id(), "A2", 8)).capacity())
                    .isEqualTo(8);
        }

        @Test
        @DisplayName("updating to another table's label is DuplicateName; an unknown table or zone is not found")
        public void updateRejected() {
            Zone main = zone("Main");
            DiningTable a = table(main, "A");
            table(main, "B");
            fx.rejects(DuplicateName.class, DUPLICATE_NAME, 409,
                    () -> plans.updateTable(restaurant, a.id(), TableSpec.of(main.id(), "B", 2)));
            TableId unknown = TableId.random();
            TableNotFound e = fx.rejects(TableNotFound.class, TABLE_NOT_FOUND, 404,
                    () -> plans.updateTable(restaurant, unknown, TableSpec.of(ZoneId.random(), "C", 2)));
            assertThat(e.tableId()).isEqualTo(unknown);
            fx.rejects(ZoneNotFound.class, ZONE_NOT_FOUND, 404,
                    () -> plans.updateTable(restaurant, a.id(), TableSpec.of(ZoneId.random(), "A", 2)));
        }

        @Test
        @DisplayName("setTableActive switches a table off and on; an unknown table is TableNotFound")
        public void active() {
            Zone zone = zone("Main");
            DiningTable table = table(zone, "A");
            DiningTable off = plans.setTableActive(restaurant, table.id(), false);
            assertThat(off).isEqualTo(new DiningTable(table.id(), restaurant, zone.id(), "A", 4, 1, null, true, false));
            assertThat(plans.load(restaurant).table(table.id())).contains(off);
            assertThat(plans.setTableActive(restaurant, table.id(), true)).isEqualTo(table);
            fx.rejects(TableNotFound.class, TABLE_NOT_FOUND, 404,
                    () -> plans.setTableActive(restaurant, TableId.random(), false));
        }
    }

    @Nested
    @DisplayName("deleting tables")
    public class DeletingTables {

        private DiningTable table;
        private DiningTable neighbour;

        @BeforeEach
        void twoLinkedTables() {
            Zone zone = zone("Main");
            table = table(zone, "A");
            neighbour = table(zone, "B");
            plans.linkTables(restaurant, table.id(), neighbour.id());
        }

        @Test
        @DisplayName("a free table is deleted with its adjacency edges; deleting it again is TableNotFound")
        public void free() {
            plans.deleteTable(restaurant, table.id());
            FloorPlan plan = plans.load(restaurant);
            assertThat(plan.tables()).containsExactly(neighbour);
            assertThat(plan.adjacency()).isEmpty();
            TableNotFound e = fx.rejects(TableNotFound.class, TABLE_NOT_FOUND, 404,
                    () -> plans.deleteTable(restaurant, table.id()));
            assertThat(e.tableId()).isEqualTo(table.id());
        }

        @Test
        @DisplayName("a current or future booking, an active hold or maintenance makes TableInUse, counting them")
        public void inUse() {
            Hold expired = fx.hold(null, window(16, 17), table.id());
            fx.assign(BookingId.random(), window(13, 15), table.id());
            fx.block(table.id(), window(22, 23));
            clock.set(at(14, 0));
            fx.hold(BookingId.random(), window(19, 21), table.id());
            TableInUse e = fx.rejects(TableInUse.class, TABLE_IN_USE, 409,
                    () -> plans.deleteTable(restaurant, table.id()));
            assertThat(e).extracting(TableInUse::tableId, TableInUse::allocations).containsExactly(table.id(), 3);
            assertThat(fx.status(expired)).isEqualTo(EXPIRED);
        }

        @Test
        @DisplayName("a table whose only hold has expired can be deleted, publishing the hold's event once")
        public void expiredHold() {
            Hold hold = fx.hold(BookingId.random(), window(19, 21), table.id(), neighbour.id());
            clock.set(hold.expiresAt());
            plans.deleteTable(restaurant, table.id());
            assertThat(plans.load(restaurant).table(table.id())).isEmpty();
            assertThat(fx.find(hold)).isEmpty();
            assertThat(events.holdsExpired()).singleElement().satisfies(e -> assertExpiredEvent(e, hold));
        }

        @Test
        @DisplayName("a table with only past allocations can be deleted, and they leave the live ledger")
        public void pastAllocations() {
            BookingId booking = BookingId.random();
            fx.assign(booking, window(12, 13), table.id());
            fx.block(table.id(), window(13, 14));
            clock.set(at(14, 0));
            plans.deleteTable(restaurant, table.id());
            assertThat(plans.load(restaurant).tables()).containsExactly(neighbour);
            assertThat(fx.ofBooking(booking)).isEmpty();
            assertThat(fx.on(ALL_TIME, table.id())).isEmpty();
        }
    }

    @Nested
    @DisplayName("adjacency")
    public class Adjacencies {

        private DiningTable a;
        private DiningTable b;

        @BeforeEach
        void twoTables() {
            Zone zone = zone("Main");
            a = table(zone, "A");
            b = plans.createTable(restaurant, TableSpec.of(zone("Patio").id(), "B", 2));
        }

        @Test
        @DisplayName("linking is undirected and idempotent, across zones too")
        public void link() {
            assertThat(plans.linkTables(restaurant, a.id(), b.id())).isTrue();
            assertThat(plans.linkTables(restaurant, b.id(), a.id())).isFalse();
            assertThat(plans.linkTables(restaurant, a.id(), b.id())).isFalse();
            FloorPlan plan = plans.load(restaurant);
            assertThat(plan.adjacency()).containsExactly(Adjacency.of(b.id(), a.id()));
            assertThat(plan.adjacent(b.id(), a.id())).isTrue();
        }

        @Test
        @DisplayName("linking a table to itself is INVALID_REQUEST; an unknown table is TableNotFound, x first")
        public void linkRejected() {
            fx.invalid(INVALID_REQUEST, "tables", () -> plans.linkTables(restaurant, a.id(), a.id()));
            TableId x = TableId.random();
            TableId y = TableId.random();
            assertThat(fx.rejects(TableNotFound.class, TABLE_NOT_FOUND, 404,
                    () -> plans.linkTables(restaurant, x, y)).tableId()).isEqualTo(x);
            assertThat(fx.rejects(TableNotFound.class, TABLE_NOT_FOUND, 404,
                    () -> plans.linkTables(restaurant, a.id(), y)).tableId()).isEqualTo(y);
        }

        @Test
        @DisplayName("unlinking removes the edge in either order, once; a self or unknown pair is false")
        public void unlink() {
            plans.linkTables(restaurant, a.id(), b.id());
            assertThat(plans.unlinkTables(restaurant, b.id(), a.id())).isTrue();
            assertThat(plans.load(restaurant).adjacency()).isEmpty();
            assertThat(plans.unlinkTables(restaurant, a.id(), b.id())).isFalse();
            assertThat(plans.unlinkTables(restaurant, a.id(), a.id())).isFalse();
            assertThat(plans.unlinkTables(restaurant, a.id(), TableId.random())).isFalse();
            assertThat(plans.load(restaurant).tables()).containsExactly(a, b);
        }
    }

    @Nested
    @DisplayName("loading and versions")
    public class Loading {

        @Test
        @DisplayName("load orders zones by sort order, then name, and tables by label")
        public void order() {
            Zone charlie = plans.createZone(restaurant, "Charlie", 0);
            Zone bravo = plans.createZone(restaurant, "Bravo", 1);
            Zone alpha = plans.createZone(restaurant, "Alpha", 1);
            DiningTable c = table(alpha, "C");
            DiningTable a = table(charlie, "A");
            DiningTable b = table(bravo, "B");
            FloorPlan plan = plans.load(restaurant);
            assertThat(plan.restaurantId()).isEqualTo(restaurant);
            assertThat(plan.zones()).containsExactly(charlie, alpha, bravo);
            assertThat(plan.tables()).containsExactly(a, b, c);
        }

        @Test
        @DisplayName("a restaurant never edited loads empty, at version 0")
        public void empty() {
            RestaurantId fresh = RestaurantId.random();
            assertThat(plans.load(fresh)).isEqualTo(new FloorPlan(fresh, 0, List.of(), List.of(), Set.of()));
        }

        @Test
        @DisplayName("every edit makes the version strictly greater")
        public void versions() {
            long v = version();
            assertThat(v).isZero();
            Zone main = zone("Main");
            v = grew(v);
            Zone patio = plans.createZone(restaurant, "Patio", 1);
            v = grew(v);
            plans.updateZone(restaurant, patio.id(), "Garden", 2);
            v = grew(v);
            DiningTable a = table(main, "A");
            v = grew(v);
            DiningTable b = table(main, "B");
            v = grew(v);
            plans.updateTable(restaurant, a.id(), TableSpec.of(main.id(), "A1", 6));
            v = grew(v);
            plans.setTableActive(restaurant, b.id(), false);
            v = grew(v);
            plans.linkTables(restaurant, a.id(), b.id());
            v = grew(v);
            plans.unlinkTables(restaurant, a.id(), b.id());
            v = grew(v);
            plans.deleteTable(restaurant, b.id());
            v = grew(v);
            plans.deleteZone(restaurant, patio.id());
            grew(v);
        }

        private long grew(long before) {
            long now = version();
            assertThat(now).isGreaterThan(before);
            return now;
        }

        @Test
        @DisplayName("a snapshot cannot be modified, and later edits do not change it")
        public void immutable() {
            Zone zone = zone("Main");
            DiningTable a = table(zone, "A");
            DiningTable b = table(zone, "B");
            plans.linkTables(restaurant, a.id(), b.id());
            FloorPlan plan = plans.load(restaurant);
            assertThatThrownBy(() -> plan.zones().add(zone)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> plan.tables().remove(0)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> plan.adjacency().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> plan.tablesById().clear()).isInstanceOf(UnsupportedOperationException.class);
            plans.deleteTable(restaurant, b.id());
            assertThat(plan.tables()).containsExactly(a, b);
            assertThat(plan.adjacency()).containsExactly(Adjacency.of(a.id(), b.id()));
        }
    }

    @Nested
    @DisplayName("isolation and arguments")
    public class IsolationAndArguments {

        @Test
        @DisplayName("another restaurant's plan, ids and version are never touched")
        public void isolation() {
            Zone ours = zone("Main");
            DiningTable a = table(ours, "A");
            Zone theirs = plans.createZone(other, "Main", 0);
            DiningTable x = plans.createTable(other, TableSpec.of(theirs.id(), "A", 2));
            assertThat(plans.load(restaurant)).extracting(FloorPlan::zones, FloorPlan::tables)
                    .containsExactly(List.of(ours), List.of(a));
            assertThat(plans.load(other)).extracting(FloorPlan::zones, FloorPlan::tables)
                    .containsExactly(List.of(theirs), List.of(x));
            fx.rejects(ZoneNotFound.class, ZONE_NOT_FOUND, 404, () -> plans.deleteZone(restaurant, theirs.id()));
            fx.rejects(TableNotFound.class, TABLE_NOT_FOUND, 404,
                    () -> plans.updateTable(restaurant, x.id(), TableSpec.of(ours.id(), "Z", 2)));
            fx.rejects(TableNotFound.class, TABLE_NOT_FOUND, 404,
                    () -> plans.setTableActive(restaurant, x.id(), false));
            fx.rejects(TableNotFound.class, TABLE_NOT_FOUND, 404, () -> plans.deleteTable(restaurant, x.id()));
            fx.rejects(TableNotFound.class, TABLE_NOT_FOUND, 404, () -> plans.linkTables(restaurant, a.id(), x.id()));
            assertThat(plans.unlinkTables(restaurant, a.id(), x.id())).isFalse();
            long version = version();
            plans.updateZone(other, theirs.id(), "Patio", 3);
            assertThat(version()).isEqualTo(version);
        }

        @Test
        @DisplayName("a null argument is a NullPointerException naming it")
        public void nulls() {
            Zone zone = zone("Main");
            TableId a = table(zone, "A").id();
            TableId b = table(zone, "B").id();
            TableSpec spec = TableSpec.of(zone.id(), "C", 2);
            fx.npe("restaurantId", () -> plans.createZone(null, "X", 0));
            fx.npe("name", () -> plans.createZone(restaurant, null, 0));
            fx.npe("restaurantId", () -> plans.updateZone(null, zone.id(), "X", 0));
            fx.npe("zoneId", () -> plans.updateZone(restaurant, null, "X", 0));
            fx.npe("name", () -> plans.updateZone(restaurant, zone.id(), null, 0));
            fx.npe("restaurantId", () -> plans.deleteZone(null, zone.id()));
            fx.npe("zoneId", () -> plans.deleteZone(restaurant, null));
            fx.npe("restaurantId", () -> plans.createTable(null, spec));
            fx.npe("spec", () -> plans.createTable(restaurant, null));
            fx.npe("restaurantId", () -> plans.updateTable(null, a, spec));
            fx.npe("tableId", () -> plans.updateTable(restaurant, null, spec));
            fx.npe("spec", () -> plans.updateTable(restaurant, a, null));
            fx.npe("restaurantId", () -> plans.setTableActive(null, a, false));
            fx.npe("tableId", () -> plans.setTableActive(restaurant, null, false));
            fx.npe("restaurantId", () -> plans.deleteTable(null, a));
            fx.npe("tableId", () -> plans.deleteTable(restaurant, null));
            fx.npe("restaurantId", () -> plans.linkTables(null, a, b));
            fx.npe("x", () -> plans.linkTables(restaurant, null, b));
            fx.npe("y", () -> plans.linkTables(restaurant, a, null));
            fx.npe("restaurantId", () -> plans.unlinkTables(null, a, b));
            fx.npe("x", () -> plans.unlinkTables(restaurant, null, b));
            fx.npe("y", () -> plans.unlinkTables(restaurant, a, null));
            fx.npe("restaurantId", () -> plans.load(null));
        }
    }
}
