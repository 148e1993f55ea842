package dev.capacity.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.AllocationPruner;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.DiningTable;
import dev.capacity.api.Hold;
import dev.capacity.api.MaintenanceRequest;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SlackOverride;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationRequest;
import dev.capacity.api.Zone;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldExtensionLimit;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.testkit.fake.InMemoryCapacity;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The problems {@link HostileInputTest} found, one test each, run on PostgreSQL and on the in-memory fake: each was
 * a 500, an untyped exception or a silently altered value before it was fixed. On PostgreSQL every rejection is
 * also checked to leave every table of the schema unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Hostile input found by fuzzing, on PostgreSQL and in memory")
class HostileInputRegressionTest {

    private static final Instant T0 = Instant.parse("2030-03-01T12:00:00Z");
    private static final TimeWindow EVENING = TimeWindow.starting(T0.plusSeconds(6 * 3600), Duration.ofHours(2));

    private TestDatabase db;
    private HikariDataSource pool;

    @BeforeAll
    void database() {
        db = TestDatabase.create();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
    }

    @AfterAll
    void dropDatabase() {
        pool.close();
        db.close();
    }

    /** One implementation, a restaurant with one zone and two linked tables of four, and a digest of its data. */
    private record Fixture(String name, AllocationStore store, FloorPlanStore plans,
            ManualAssignmentValidator validator, Function<SweeperSettings, HoldSweeper> sweeper,
            Function<PrunerSettings, AllocationPruner> pruner, Supplier<String> fingerprint, RestaurantId r,
            Zone zone, DiningTable t1, DiningTable t2) {

        Fixture(String name, AllocationStore store, FloorPlanStore plans, ManualAssignmentValidator validator,
                Function<SweeperSettings, HoldSweeper> sweeper, Function<PrunerSettings, AllocationPruner> pruner,
                Supplier<String> fingerprint, RestaurantId r, Zone zone) {
            this(name, store, plans, validator, sweeper, pruner, fingerprint, r, zone,
                    plans.createTable(r, TableSpec.of(zone.id(), "T1", 4)),
                    plans.createTable(r, TableSpec.of(zone.id(), "T2", 4)));
            plans.linkTables(r, t1.id(), t2.id());
        }
    }

    /** Runs the check on PostgreSQL and on the fake, each with a clock standing at {@link #T0}. */
    private void onBoth(Consumer<Fixture> check) {
        RestaurantId r = RestaurantId.random();
        try (PostgresCapacity pg = PostgresCapacity.builder().dataSource(pool).schema(db.schema())
                .clock(MutableInstantSource.of(T0)).listenForChanges(false).build()) {
            check.accept(new Fixture("PostgreSQL", pg.allocationStore(), pg.floorPlanStore(), pg.validator(),
                    pg::holdSweeper, pg::allocationPruner, this::fingerprint, r,
                    pg.floorPlanStore().createZone(r, "Main", 0)));
        }
        InMemoryCapacity fake = InMemoryCapacity.builder().clock(MutableInstantSource.of(T0)).build();
        check.accept(new Fixture("in-memory", fake.allocationStore(), fake.floorPlanStore(), fake.validator(),
                fake::holdSweeper, fake::allocationPruner, () -> "", r,
                fake.floorPlanStore().createZone(r, "Main", 0)));
    }

    /** Row count and md5 of the ordered rows of every table in the schema. */
    private String fingerprint() {
        StringBuilder out = new StringBuilder();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + db.schema() + "' AND table_type = 'BASE TABLE' ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(x::text, E'\\n' "
                        + "ORDER BY x::text), '')) FROM " + table + " x")) {
                    rs.next();
                    out.append(table).append(' ').append(rs.getLong(1)).append(' ').append(rs.getString(2)).append('\n');
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** The call is rejected with {@code code} on {@code field}, and (on PostgreSQL) no table of the schema changed. */
    private static void rejected(Fixture f, ErrorCode code, String field, ThrowingCallable call) {
        String before = f.fingerprint().get();
        assertThatThrownBy(call).as(f.name())
                .isInstanceOfSatisfying(InvalidRequest.class, e -> {
                    assertThat(e.code()).as(f.name()).isEqualTo(code);
                    assertThat(e.field()).as(f.name()).isEqualTo(field);
                });
        assertThat(f.fingerprint().get()).as("stored data after the rejection").isEqualTo(before);
    }

    private static void invalid(Fixture f, String field, ThrowingCallable call) {
        rejected(f, ErrorCode.INVALID_REQUEST, field, call);
    }

    private static PlaceHoldRequest.Builder hold(Fixture f, TimeWindow window) {
        return PlaceHoldRequest.builder(f.r(), window).tables(f.t1().id()).ttl(Duration.ofMinutes(5));
    }

    private static Instant year(int year) {
        return OffsetDateTime.of(year, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
    }

    @Test
    @DisplayName("text with an unpaired surrogate is INVALID_REQUEST naming the field, never stored as '?'")
    void loneSurrogates() {
        onBoth(f -> {
            for (String lone : List.of("x\uD83Dy", "\uDE00", "\uDE00\uD83D")) {
                invalid(f, "name", () -> f.plans().createZone(f.r(), lone, 1));
                invalid(f, "name", () -> f.plans().updateZone(f.r(), f.zone().id(), lone, 1));
                invalid(f, "label", () -> f.plans().createTable(f.r(),
                        TableSpec.of(f.zone().id(), lone, 4)));
                invalid(f, "createdBy", () -> f.store().placeHold(hold(f, EVENING).createdBy(lone).build()));
                invalid(f, "metadata", () -> f.store().placeHold(hold(f, EVENING).metadata(lone, "v").build()));
                invalid(f, "metadata", () -> f.store().placeHold(hold(f, EVENING).metadata("k", lone).build()));
                invalid(f, "reason", () -> f.store().blockTable(
                        new MaintenanceRequest(f.r(), f.t1().id(), EVENING, lone, null)));
                invalid(f, "slackOverride", () -> f.store().assign(AssignRequest.of(f.r(), BookingId.random(),
                        List.of(f.t1().id()), EVENING).withSlackOverride(new SlackOverride(lone, "manager"))));
            }
            String pairs = "\uD83D\uDE00 e\u0301 \u202Eשלום";
            Zone zone = f.plans().createZone(f.r(), pairs, 1);
            assertThat(f.plans().load(f.r()).zones()).contains(zone);
            assertThat(zone.name()).isEqualTo(pairs);
            Hold h = f.store().placeHold(hold(f, EVENING).createdBy(pairs).metadata(pairs, pairs).build());
            assertThat(f.store().findHold(f.r(), h.id())).contains(h);
            assertThat(h.metadata()).isEqualTo(Map.of(pairs, pairs));
        });
    }

    @Test
    @DisplayName("NUL in any stored text is INVALID_REQUEST naming the field, never a leaked SQLSTATE 22021")
    void nul() {
        onBoth(f -> {
            String nul = "a\u0000b";
            invalid(f, "name", () -> f.plans().createZone(f.r(), nul, 1));
            invalid(f, "label", () -> f.plans().createTable(f.r(), TableSpec.of(f.zone().id(), nul,
                    4)));
            invalid(f, "createdBy", () -> f.store().placeHold(hold(f, EVENING).createdBy(nul).build()));
            invalid(f, "metadata", () -> f.store().placeHold(hold(f, EVENING).metadata(nul, "v").build()));
            invalid(f, "metadata", () -> f.store().placeHold(hold(f, EVENING).metadata("k", nul).build()));
            invalid(f, "reason", () -> f.store().blockTable(
                    new MaintenanceRequest(f.r(), f.t1().id(), EVENING, nul, null)));
            invalid(f, "createdBy", () -> f.store().blockTable(
                    new MaintenanceRequest(f.r(), f.t1().id(), EVENING, null, nul)));
        });
    }

    @Test
    @DisplayName("a window outside the years 1 to 9999 is INVALID_REQUEST on window, not a 500; the edges round-trip")
    void windowsOutsideTheStorableYears() {
        onBoth(f -> {
            BookingId booking = BookingId.random();
            List<TableId> t1 = List.of(f.t1().id());
            for (TimeWindow outside : List.of(TimeWindow.of(T0, Instant.MAX), TimeWindow.of(Instant.MIN, T0),
                    TimeWindow.starting(year(294_277), Duration.ofHours(2)),
                    TimeWindow.starting(year(0), Duration.ofHours(2)),
                    TimeWindow.of(year(9999), year(10_000).plusNanos(1_000)))) {
                invalid(f, "window", () -> f.validator().validate(
                        ValidationRequest.of(f.r(), booking, 2, outside, t1)));
                invalid(f, "window", () -> f.store().placeHold(hold(f, outside).build()));
                invalid(f, "window", () -> f.store().assign(AssignRequest.of(f.r(), booking, t1, outside)));
                invalid(f, "window", () -> f.store().blockTable(
                        new MaintenanceRequest(f.r(), f.t1().id(), outside, null, null)));
            }
            TimeWindow first = TimeWindow.starting(year(1), Duration.ofHours(2));
            TimeWindow last = TimeWindow.of(year(10_000).minusSeconds(7200), year(10_000));
            Hold h = f.store().placeHold(hold(f, first).build());
            assertThat(f.store().findHold(f.r(), h.id())).contains(h);
            assertThat(h.window()).isEqualTo(first);
            var seated = f.store().assign(AssignRequest.of(f.r(), booking, List.of(f.t2().id()), last));
            assertThat(seated).singleElement().satisfies(a -> assertThat(a.window()).isEqualTo(last));
            assertThat(f.store().allocationsOfTables(f.r(), List.of(f.t1().id(), f.t2().id()),
                    TimeWindow.of(Instant.MIN, Instant.MAX))).hasSize(2);
            assertThat(f.store().allocationsOfTables(f.r(), List.of(f.t1().id(), f.t2().id()),
                    TimeWindow.of(Instant.MIN, year(0)))).isEmpty();
        });
    }

    @Test
    @DisplayName("a selection of 40,000 ids is INVALID_REQUEST before any lock, not 'out of shared memory'")
    void hugeSelections() {
        onBoth(f -> {
            List<TableId> many = new ArrayList<>();
            for (int i = 0; i < 40_000; i++) {
                many.add(TableId.random());
            }
            invalid(f, "tableIds", () -> f.store().placeHold(hold(f, EVENING).tables(many).build()));
            invalid(f, "tableIds", () -> f.store().assign(AssignRequest.of(f.r(), BookingId.random(),
                    many, EVENING)));
            invalid(f, "tableIds", () -> f.validator().validate(ValidationRequest.of(f.r(), null, 2,
                    EVENING, many)));
            many.add(f.t1().id());
            f.store().blockTable(new MaintenanceRequest(f.r(), f.t1().id(), EVENING, null, null));
            assertThat(f.store().allocationsOfTables(f.r(), many, EVENING)).as("a read takes them")
                    .hasSize(1);
        });
    }

    @Test
    @DisplayName("a time-to-live or extension below a microsecond is INVALID_TTL; others are stored as returned")
    void subMicrosecondDurations() {
        onBoth(f -> {
            rejected(f, ErrorCode.INVALID_TTL, "ttl",
                    () -> f.store().placeHold(hold(f, EVENING).ttl(Duration.ofNanos(999)).build()));
            Hold brief = f.store().placeHold(hold(f, EVENING).ttl(Duration.ofNanos(1_500)).build());
            assertThat(brief.expiresAt()).isEqualTo(T0.plusNanos(1_000));
            assertThat(f.store().findHold(f.r(), brief.id())).contains(brief);
            rejected(f, ErrorCode.INVALID_TTL, "extension",
                    () -> f.store().extendHold(f.r(), brief.id(), Duration.ofNanos(999)));
            Hold extended = f.store().extendHold(f.r(), brief.id(), Duration.ofNanos(1_500));
            assertThat(extended.expiresAt()).isEqualTo(T0.plusNanos(2_000));
            assertThat(f.store().findHold(f.r(), brief.id())).contains(extended);
        });
    }

    @Test
    @DisplayName("an extension past Instant.MAX is HOLD_EXTENSION_LIMIT, not a DateTimeException or a 500")
    void extensionPastInstantMax() {
        onBoth(f -> {
            Hold h = f.store().placeHold(hold(f, EVENING).build());
            String before = f.fingerprint().get();
            assertThatThrownBy(() -> f.store().extendHold(f.r(), h.id(),
                    Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))).isInstanceOf(HoldExtensionLimit.class);
            assertThat(f.fingerprint().get()).isEqualTo(before);
            assertThat(f.store().findHold(f.r(), h.id())).contains(h);
        });
    }

    @Test
    @DisplayName("the sweeper and pruner run with every setting at its largest allowed value")
    void jobsAtTheirLimits() {
        onBoth(f -> {
            SweeperSettings sweeper = SweeperSettings.defaults().withGrace(SweeperSettings.MAX_GRACE)
                    .withTimeouts(SweeperSettings.MAX_TIMEOUT, SweeperSettings.MAX_TIMEOUT);
            assertThat(f.sweeper().apply(sweeper).sweep().swept()).isZero();
            AllocationPruner pruner = f.pruner().apply(PrunerSettings.defaults()
                    .withRetention(PrunerSettings.MAX_RETENTION).withArchiveRetention(PrunerSettings.MAX_RETENTION)
                    .withTimeouts(PrunerSettings.MAX_TIMEOUT, PrunerSettings.MAX_TIMEOUT));
            assertThat(pruner.prune().archived()).isZero();
            assertThat(pruner.preview().eligible()).isZero();
        });
    }
}
