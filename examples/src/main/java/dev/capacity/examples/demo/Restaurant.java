package dev.capacity.examples.demo;

import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.Zone;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/** The demo's restaurant: two zones, ten tables, five pairs of tables that can be pushed together. */
final class Restaurant {

    static final String NAME = "Trattoria Demo";

    private final RestaurantId id = RestaurantId.random();
    private final Map<String, DiningTable> byLabel = new LinkedHashMap<>();
    private final Map<TableId, String> labels = new LinkedHashMap<>();
    private int links;

    private Restaurant() {
    }

    /** Creates the floor plan through the library (each edit bumps the plan's version and notifies). */
    static Restaurant create(FloorPlanStore floor) {
        Restaurant r = new Restaurant();
        Zone main = floor.createZone(r.id, "Main room", 0);
        Zone terrace = floor.createZone(r.id, "Terrace", 1);
        r.add(floor, TableSpec.of(main.id(), "T1", 2));
        r.add(floor, TableSpec.of(main.id(), "T2", 2));
        r.add(floor, TableSpec.of(main.id(), "T3", 4));
        r.add(floor, TableSpec.of(main.id(), "T4", 4));
        r.add(floor, TableSpec.of(main.id(), "T5", 6).withMovable(false));   // the big round one
        r.add(floor, TableSpec.of(main.id(), "T6", 4));
        r.add(floor, TableSpec.of(terrace.id(), "P1", 2));
        r.add(floor, TableSpec.of(terrace.id(), "P2", 2));
        r.add(floor, TableSpec.of(terrace.id(), "P3", 4));
        r.add(floor, TableSpec.of(terrace.id(), "P4", 4));
        for (String[] pair : new String[][] {{"T1", "T2"}, {"T3", "T4"}, {"T4", "T6"}, {"P1", "P2"}, {"P3", "P4"}}) {
            floor.linkTables(r.id, r.table(pair[0]), r.table(pair[1]));
            r.links++;
        }
        return r;
    }

    private void add(FloorPlanStore floor, TableSpec spec) {
        DiningTable t = floor.createTable(id, spec);
        byLabel.put(t.label(), t);
        labels.put(t.id(), t.label());
    }

    RestaurantId id() {
        return id;
    }

    TableId table(String label) {
        DiningTable t = byLabel.get(label);
        if (t == null) {
            throw new NoSuchElementException(label);
        }
        return t.id();
    }

    List<TableId> tables(String... labels) {
        return java.util.Arrays.stream(labels).map(this::table).toList();
    }

    List<TableId> allTables() {
        return byLabel.values().stream().map(DiningTable::id).toList();
    }

    String label(TableId id) {
        return labels.getOrDefault(id, id.toString());
    }

    String labels(Collection<TableId> ids) {
        return ids.stream().map(this::label).collect(Collectors.joining("+"));
    }

    int tableCount() {
        return byLabel.size();
    }

    int links() {
        return links;
    }
}
