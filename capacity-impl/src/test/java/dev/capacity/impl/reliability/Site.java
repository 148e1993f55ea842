package dev.capacity.impl.reliability;

import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Restaurants to put load on: two zones of four tables each (2, 4, 4 and 6 seats), neighbours in a zone adjacent,
 * so that a selection of one table or of two neighbours passes every rule until the floor plan is edited.
 */
final class Site {

    static final int ZONES = 2;
    static final int[] CAPACITIES = {2, 4, 4, 6};

    /** A table and where it stands. */
    record Table(TableId id, int zone, int index, int capacity, String label) {
    }

    /** A restaurant of the site. */
    record Restaurant(RestaurantId id, List<ZoneId> zones, List<Table> tables) {

        Table table(int zone, int index) {
            return tables.get(zone * CAPACITIES.length + index);
        }
    }

    /** Tables to ask for and a party that fits them within the default slack budget. */
    record Selection(List<TableId> tables, int partySize) {
    }

    private final List<Restaurant> restaurants;

    private Site(List<Restaurant> restaurants) {
        this.restaurants = List.copyOf(restaurants);
    }

    static Site create(FloorPlanStore store, int count) {
        List<Restaurant> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RestaurantId r = RestaurantId.random();
            List<ZoneId> zones = new ArrayList<>();
            List<Table> tables = new ArrayList<>();
            for (int z = 0; z < ZONES; z++) {
                ZoneId zone = store.createZone(r, "Zone " + z, z).id();
                zones.add(zone);
                for (int t = 0; t < CAPACITIES.length; t++) {
                    String label = "Z" + z + "T" + t;
                    TableId id = store.createTable(r, TableSpec.of(zone, label, CAPACITIES[t])).id();
                    tables.add(new Table(id, z, t, CAPACITIES[t], label));
                    if (t > 0) {
                        store.linkTables(r, tables.get(tables.size() - 2).id(), id);
                    }
                }
            }
            out.add(new Restaurant(r, List.copyOf(zones), List.copyOf(tables)));
        }
        return new Site(out);
    }

    List<Restaurant> restaurants() {
        return restaurants;
    }

    Restaurant restaurant(RestaurantId id) {
        return restaurants.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    Restaurant random(Random random) {
        return restaurants.get(random.nextInt(restaurants.size()));
    }

    /** One table, or two neighbours of one zone; the party leaves up to three seats empty. */
    static Selection select(Restaurant r, Random random) {
        int zone = random.nextInt(ZONES);
        if (random.nextBoolean()) {
            Table t = r.table(zone, random.nextInt(CAPACITIES.length));
            return new Selection(List.of(t.id()), Math.max(1, t.capacity() - random.nextInt(3)));
        }
        int i = random.nextInt(CAPACITIES.length - 1);
        Table a = r.table(zone, i);
        Table b = r.table(zone, i + 1);
        int seats = a.capacity() + b.capacity();
        return new Selection(List.of(a.id(), b.id()), seats - random.nextInt(4));
    }
}
