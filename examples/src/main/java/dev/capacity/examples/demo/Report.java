package dev.capacity.examples.demo;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.impl.PostgresCapacity;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The end-of-evening report: tonight's table plan, what happened, and the metrics. */
final class Report {

    private Report() {
    }

    static void print(PrintStream out, PostgresCapacity capacity, Restaurant r, LocalDate day, Evening evening,
            MeterRegistry registry, History.Seeded history, long archivedTonight) {
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
        out.printf("  holds placed by guests        %d: %d confirmed, %d abandoned and removed by the sweeper,"
                + " %d extended%n", tally.holdsPlaced, tally.holdsConfirmed, abandoned, tally.holdsExtended);
        out.printf("  staff assignments             %d (%d with a slack override)%n", tally.staffAssignments,
                tally.overrides);
        out.printf("  refused, with a problem body  %s%n", tally.refusals.isEmpty() ? "none"
                : tally.refusals.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                        .collect(Collectors.joining(", ")));
        out.printf("  cancellations                 %d%n", tally.cancelled);
        out.printf("  archived by the pruner        %,d allocations (%s: %,d bookings, %,d allocations seeded)%n",
                archivedTonight, history.month(), history.bookings(), history.allocations());

        out.println();
        out.println("== Metrics: the library's Micrometer meters (CapacityMetrics on a SimpleMeterRegistry;"
                + " times in seconds) ==");
        registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("capacity."))
                .sorted(Comparator.comparing((Meter m) -> m.getId().getName())
                        .thenComparing(m -> m.getId().getTags().toString()))
                .forEach(m -> out.printf("  %-72s %s%n", name(m.getId()), values(m)));
    }

    private static String name(Meter.Id id) {
        return id.getName() + (id.getTags().isEmpty() ? "" : id.getTags().stream()
                .map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(",", "{", "}")));
    }

    /** Counters and gauges as one number, timers as count, total and max; times in seconds. */
    private static String values(Meter meter) {
        List<Measurement> measurements = new ArrayList<>();
        meter.measure().forEach(measurements::add);
        List<String> values = new ArrayList<>();
        for (Measurement m : measurements) {
            double v = m.getValue();
            String value = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                    : String.format(Locale.ROOT, "%.3f", v);
            values.add(measurements.size() == 1 ? value
                    : m.getStatistic().name().toLowerCase(Locale.ROOT) + "=" + value);
        }
        return String.join(" ", values);
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
