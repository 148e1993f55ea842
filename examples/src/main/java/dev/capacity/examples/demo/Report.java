package dev.capacity.examples.demo;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.api.event.FloorPlanInvalidatedEvent.Reason;
import dev.capacity.impl.PostgresCapacity;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The end-of-evening report: tonight's table plan, what happened, and the metrics. */
final class Report {

    private Report() {
    }

    static void print(PrintStream out, PostgresCapacity capacity, Restaurant r, LocalDate day, Evening evening,
            EventCounts counts, History.Seeded history, long archivedTonight) {
        FloorPlan plan = capacity.floorPlans().get(r.id());
        Map<dev.capacity.api.ZoneId, String> zones = plan.zones().stream()
                .collect(Collectors.toMap(Zone::id, Zone::name));
        TimeWindow wholeDay = TimeWindow.starting(day.atStartOfDay().toInstant(ZoneOffset.UTC), Duration.ofDays(1));
        List<Allocation> tonight = capacity.allocationStore().allocationsOfTables(r.id(), r.allTables(), wholeDay);

        out.println();
        out.println("== Tonight's table plan (" + Restaurant.NAME + ", " + day + ", floor-plan version "
                + plan.version() + ") ==");
        out.printf("  %-5s %-10s %5s  %s%n", "table", "zone", "seats", "occupied");
        for (DiningTable t : plan.tables()) {
            List<String> slots = new ArrayList<>();
            for (Allocation a : tonight) {
                if (a.tableId().equals(t.id())) {
                    slots.add(Evening.span(a.window()) + " " + describe(a, evening));
                }
            }
            out.printf("  %-5s %-10s %5d  %s%n", t.label(), zones.get(t.zoneId()), t.capacity(),
                    slots.isEmpty() ? "-" : String.join(", ", slots));
        }

        Evening.Tally tally = evening.tally();
        long abandoned = tally.holdsPlaced - tally.holdsConfirmed;
        out.println();
        out.println("== What happened ==");
        out.printf("  holds placed by guests        %d: %d confirmed, %d abandoned and removed by the sweeper, %d extended%n",
                tally.holdsPlaced, tally.holdsConfirmed, abandoned, tally.holdsExtended);
        out.printf("  staff assignments             %d (%d with a slack override)%n", tally.staffAssignments,
                tally.overrides);
        out.printf("  refused, with a problem body  %s%n", tally.refusals.isEmpty() ? "none"
                : tally.refusals.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                        .collect(Collectors.joining(", ")));
        out.printf("  cancellations                 %d%n", tally.cancelled);
        out.printf("  archived by the pruner        %,d allocations (%s: %,d bookings, %,d allocations seeded)%n",
                archivedTonight, history.month(), history.bookings(), history.allocations());

        out.println();
        out.println("== Metrics ==");
        out.println("  counted by the demo's own CapacityListener (dev.capacity.examples.demo.EventCounts);");
        out.println("  the Micrometer binding is not part of this build yet");
        out.printf("  capacity holds expired (HoldExpiredEvent)        %,d%n", counts.holdsExpired());
        out.printf("  sweeps completed / failed                        %,d / %,d%n",
                counts.sweeps() - counts.sweepFailures(), counts.sweepFailures());
        out.printf("  holds swept                                      %,d%n", counts.holdsSwept());
        out.printf("  sweeps that ended with a backlog                 %,d%n", counts.sweepsWithBacklog());
        out.printf("  largest sweep lag reported                       %d s%n", counts.maxSweepLag().toSeconds());
        out.printf("  prune calls completed / failed                   %,d / %,d%n", counts.prunes(),
                counts.pruneFailures());
        out.printf("  allocations archived                             %,d%n", counts.archived());
        out.printf("  floor-plan cache invalidations                   edit %d, notification %d, reconnect %d%n",
                counts.invalidations(Reason.EDIT), counts.invalidations(Reason.NOTIFICATION),
                counts.invalidations(Reason.RECONNECT));
    }

    private static String describe(Allocation a, Evening evening) {
        if (a.kind() == AllocationKind.MAINTENANCE) {
            return "out of service (" + a.note() + ")";
        }
        String guest = a.bookingId() == null ? "?" : evening.guests().getOrDefault(a.bookingId(), "?");
        String what = a.kind() == AllocationKind.HOLD ? "held for " + guest : guest;
        return a.slackOverride() == null ? what : what + " [slack override]";
    }
}
