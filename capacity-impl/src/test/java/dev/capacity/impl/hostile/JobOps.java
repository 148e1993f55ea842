package dev.capacity.impl.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.AllocationId;
import dev.capacity.api.AllocationPruner;
import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.TableId;
import dev.capacity.api.ZoneId;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.RestoreConflict;
import dev.capacity.api.error.TableNotFound;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Steps for the cross-tenant jobs ({@link HoldSweeper}, {@link AllocationPruner}) with settings built from hostile
 * values, the pruner's restores, the id parsers, and the clock moving on (so that holds expire and allocations
 * age into the pruner's reach).
 */
final class JobOps {

    private JobOps() {
    }

    private static final List<String> SWEEPER_FIELDS = List.of("batchSize", "maxBatches", "timeBudget", "grace",
            "statementTimeout", "lockTimeout");
    private static final List<String> PRUNER_FIELDS = List.of("retention", "batchSize", "maxBatches", "timeBudget",
            "statementTimeout", "lockTimeout", "archiveRetention");

    /** Sweeper settings: the defaults with up to two values replaced by hostile ones, built when the step runs. */
    private static Sample<Draw.Make<SweeperSettings>> sweeperSettings(Draw d) {
        Draw.Make<SweeperSettings> make = w -> SweeperSettings.defaults();
        StringBuilder name = new StringBuilder("defaults");
        for (int i = d.random().nextInt(3); i > 0; i--) {
            int n = d.random().nextInt(6);
            Duration v = n == 2 ? budget(d) : d.duration().value();
            int k = d.anInt();
            Draw.Make<SweeperSettings> before = make;
            make = w -> {
                SweeperSettings s = before.make(w);
                return switch (n) {
                    case 0 -> s.withBatchSize(k);
                    case 1 -> s.withMaxBatches(k);
                    case 2 -> s.withTimeBudget(v);
                    case 3 -> s.withGrace(v);
                    case 4 -> s.withTimeouts(v, s.lockTimeout());
                    default -> s.withTimeouts(s.statementTimeout(), v);
                };
            };
            name.append(", ").append(SWEEPER_FIELDS.get(n)).append('=').append(n < 2 ? k : v);
        }
        return new Sample<>(name.toString(), make, Set.copyOf(SWEEPER_FIELDS));
    }

    private static Sample<Draw.Make<PrunerSettings>> prunerSettings(Draw d) {
        Draw.Make<PrunerSettings> make = w -> PrunerSettings.defaults();
        StringBuilder name = new StringBuilder("defaults");
        for (int i = 1 + d.random().nextInt(2); i > 0; i--) {
            int n = d.random().nextInt(7);
            Duration v = n == 3 ? budget(d) : n == 0 && d.random().nextBoolean() ? Duration.ofDays(1)
                    : d.duration().value();
            int k = d.anInt();
            Draw.Make<PrunerSettings> before = make;
            make = w -> {
                PrunerSettings s = before.make(w);
                return switch (n) {
                    case 0 -> s.withRetention(v);
                    case 1 -> s.withBatchSize(k);
                    case 2 -> s.withMaxBatches(k);
                    case 3 -> s.withTimeBudget(v);
                    case 4 -> s.withTimeouts(v, s.lockTimeout());
                    case 5 -> s.withTimeouts(s.statementTimeout(), v);
                    default -> s.withArchiveRetention(v);
                };
            };
            name.append(", ").append(PRUNER_FIELDS.get(n)).append('=').append(n == 1 || n == 2 ? k : v);
        }
        return new Sample<>(name.toString(), make, Set.copyOf(PRUNER_FIELDS));
    }

    /**
     * A time budget: none (only the first batch runs), or one no call reaches, or an invalid one. Budgets a call
     * can reach are left out: PostgreSQL and the fake would stop after different numbers of batches.
     */
    private static Duration budget(Draw d) {
        return HostileValues.pick(d.random(), java.util.Arrays.asList(Duration.ofNanos(1), Duration.ofMinutes(5),
                Duration.ofDays(1), Duration.ofSeconds(Long.MAX_VALUE), Duration.ZERO, Duration.ofNanos(-1), null));
    }

    static Op sweep(Draw d) {
        var settings = sweeperSettings(d);
        return new Op("HoldSweeper.sweep", settings.name(), settings.names(), Set.of(), false, w -> {
            SweeperSettings s = settings.value().make(w);
            var result = w.backend().sweeper(s).sweep();
            // A bounded call picks its holds in (expiresAt, id) order, and the backends' ids differ; finishing the
            // job keeps the next steps' worlds alike.
            w.backend().sweeper(s.withBatchSize(SweeperSettings.MAX_BATCH_SIZE).withMaxBatches(Integer.MAX_VALUE)
                    .withTimeBudget(Duration.ofDays(1))).sweep();
            return result;
        });
    }

    static Op prune(Draw d) {
        var settings = prunerSettings(d);
        boolean preview = d.random().nextInt(3) == 0;
        return preview
                ? new Op("AllocationPruner.preview", settings.name(), settings.names(), Set.of(), true,
                        w -> w.backend().pruner(settings.value().make(w)).preview())
                : new Op("AllocationPruner.prune", settings.name(), settings.names(), Set.of(), false, w -> {
                    PrunerSettings s = settings.value().make(w);
                    var result = w.backend().pruner(s).prune();
                    // As for the sweeper: a bounded call picks rows by id among equals; finish the job.
                    w.backend().pruner(s.withBatchSize(PrunerSettings.MAX_BATCH_SIZE).withMaxBatches(Integer.MAX_VALUE)
                            .withTimeBudget(Duration.ofDays(1))).prune();
                    return result;
                });
    }

    static Op restore(Draw d) {
        Ref rr = d.restaurant();
        if (d.random().nextBoolean()) {
            Ref booking = d.booking();
            return new Op("AllocationPruner.restoreBooking", rr + ", booking " + booking,
                    new Names().ref(rr, "restaurantId").ref(booking, "bookingId").build(),
                    Set.of(RestoreConflict.class, TableNotFound.class), false, w -> {
                        RestaurantId r = w.restaurantOrNull(rr);
                        BookingId b = w.booking(booking);
                        return w.backend().pruner(PrunerSettings.defaults()).restoreBooking(r, b);
                    });
        }
        var ids = d.allocationIds();
        return new Op("AllocationPruner.restore", rr + ", " + ids, new Names().ref(rr, "restaurantId").sample(ids)
                .build(), Set.of(InvalidRequest.class, RestoreConflict.class, TableNotFound.class), false, w -> {
                    RestaurantId r = w.restaurantOrNull(rr);
                    List<AllocationId> list = ids.value().make(w);
                    int restored = w.backend().pruner(PrunerSettings.defaults()).restore(r, list);
                    assertThat(restored).isBetween(0, (int) list.stream().distinct().count());
                    return restored;
                });
    }

    /** The id parsers, which reject anything but the canonical form with an IAE naming {@code text}. */
    static Op parse(Draw d) {
        Sample<String> text = d.random().nextBoolean() ? d.text("text")
                : Sample.ok("uuid-upper", d.uuid().toString().toUpperCase(java.util.Locale.ROOT));
        int kind = d.random().nextInt(6);
        List<Function<String, Object>> parsers = List.of(RestaurantId::parse, TableId::parse, ZoneId::parse,
                HoldId::parse, BookingId::parse, AllocationId::parse);
        return new Op("Id.parse", kind + ", " + text, Set.of("text"), Set.of(), true,
                w -> parsers.get(kind).apply(text.value()));
    }

    static Op advanceClock(Draw d) {
        Duration by = HostileValues.pick(d.random(), List.of(Duration.ofMinutes(1), Duration.ofMinutes(6),
                Duration.ofMinutes(31), Duration.ofDays(2), Duration.ofDays(40)));
        return new Op("clock.advance", by.toString(), Set.of(), Set.of(), false, w -> {
            w.backend().clock().advance(by);
            return null;
        });
    }
}
