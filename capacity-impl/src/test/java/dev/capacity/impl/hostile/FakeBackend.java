package dev.capacity.impl.hostile;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.FloorPlans;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.TimeWindow;
import dev.capacity.testkit.fake.InMemoryCapacity;
import dev.capacity.testkit.time.MutableInstantSource;
import java.util.Comparator;

/**
 * The in-memory fake of the testkit. It can only be read through the API, so its fingerprint is everything the
 * API shows about the restaurants, tables, holds and bookings the run has named, plus the archive's size.
 */
public final class FakeBackend implements Backend {

    private final MutableInstantSource clock = MutableInstantSource.of(HostileValues.T0);
    private final InMemoryCapacity capacity = InMemoryCapacity.builder().clock(clock).build();

    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public AllocationStore store() {
        return capacity.allocationStore();
    }

    @Override
    public FloorPlanStore floorPlanStore() {
        return capacity.floorPlanStore();
    }

    @Override
    public FloorPlans floorPlans() {
        return capacity.floorPlans();
    }

    @Override
    public ManualAssignmentValidator validator() {
        return capacity.validator();
    }

    @Override
    public HoldSweeper sweeper(SweeperSettings settings) {
        return capacity.holdSweeper(settings);
    }

    @Override
    public AllocationPruner pruner(PrunerSettings settings) {
        return capacity.allocationPruner(settings);
    }

    @Override
    public MutableInstantSource clock() {
        return clock;
    }

    @Override
    public String fingerprint(World world) {
        StringBuilder out = new StringBuilder();
        TimeWindow everything = TimeWindow.of(HostileValues.year(1).minusSeconds(86400L * 365),
                HostileValues.year(9999).plusSeconds(86400L * 365));
        for (RestaurantId r : world.restaurants()) {
            // A restaurant nothing was ever stored for shows nothing, whether or not a step named it yet.
            FloorPlan plan = capacity.floorPlanStore().load(r);
            StringBuilder section = new StringBuilder();
            section.append(plan.version()).append(plan.zones().stream()
                    .sorted(Comparator.comparing(z -> z.id().value())).toList())
                    .append(plan.tables().stream().sorted(Comparator.comparing(t -> t.id().value())).toList())
                    .append(new java.util.TreeSet<>(plan.adjacency().stream().map(Object::toString).toList()));
            section.append(capacity.allocationStore().allocationsOfTables(r, world.allTables(), everything));
            world.allHolds().forEach(h -> capacity.allocationStore().findHold(r, h).ifPresent(section::append));
            world.bookings().forEach(b -> section.append(capacity.allocationStore().allocationsOfBooking(r, b)));
            String text = section.toString();
            if (!text.equals("0[][][][]" + "[]".repeat(world.bookings().size()))) {
                out.append(r).append(' ').append(text).append('\n');
            }
        }
        out.append("archived ").append(capacity.allocationPruner().preview().archived());
        return out.toString();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
