package dev.capacity.impl;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.AdjacencyMode;
import dev.capacity.api.HoldId;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SweepResult;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationOptions;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.testkit.contract.RecordingListener;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sweeper built on a host's jOOQ configuration instead of a {@code DataSource}. It sends its batch through JDBC
 * itself, so it must bind its own parameters even when the host's settings ask jOOQ to inline values.
 */
@ExtendWith(PostgresExtension.class)
@DisplayName("The hold sweeper on a host's jOOQ configuration")
@Timeout(value = 60, unit = SECONDS)
class HostConfigurationSweepTest {

    private static final Instant PLACED = Instant.parse("2030-01-01T11:00:00Z");
    private static final Instant EVENING = Instant.parse("2030-01-02T18:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final ValidationOptions NO_ADJACENCY = ValidationOptions.defaults()
            .withAdjacency(AdjacencyMode.OFF);

    private final TestDatabase db;

    HostConfigurationSweepTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptyLedger() {
        db.execute("DELETE FROM allocations", "DELETE FROM holds");
    }

    @ParameterizedTest(name = "statement type {0}")
    @EnumSource(value = StatementType.class)
    @DisplayName("sweeps the hold whose expiry is now, reports it, and leaves the active one")
    void sweepsOnHostConfiguration(StatementType statementType) throws SQLException {
        MutableInstantSource clock = MutableInstantSource.at(PLACED);
        // One thread: the schema's unpooled data source is enough.
        DataSource pool = db.dataSource();
        PostgresCapacity writer = PostgresCapacity.builder().dataSource(pool).schema(db.schema()).clock(clock)
                .listenForChanges(false).build();
        RestaurantId r = restaurantWithTables(4);
        List<TableId> tables = tableIds(r);
        TimeWindow window = TimeWindow.starting(EVENING, Duration.ofHours(2));
        HoldId expiring = writer.allocationStore().placeHold(PlaceHoldRequest.builder(r, window)
                .tables(tables.get(0), tables.get(1)).ttl(TTL).createdBy("test").options(NO_ADJACENCY).build()).id();
        HoldId active = writer.allocationStore().placeHold(PlaceHoldRequest.builder(r, window)
                .tables(tables.get(2), tables.get(3)).ttl(TTL.plusSeconds(1)).createdBy("test").options(NO_ADJACENCY)
                .build()).id();
        clock.set(PLACED.plus(TTL));

        RecordingListener events = new RecordingListener();
        PostgresCapacity host = PostgresCapacity.builder()
                .configuration(DSL.using(pool, SQLDialect.POSTGRES,
                        new Settings().withStatementType(statementType)).configuration())
                .schema(db.schema()).clock(clock).listener(events).sweeper(SweeperSettings.defaults())
                .listenForChanges(false).build();
        SweepResult result = host.holdSweeper().sweep();

        assertThat(result.swept()).isEqualTo(1);
        assertThat(result.backlogRemaining()).isFalse();
        assertThat(events.holdsExpired()).extracting(HoldExpiredEvent::holdId).containsExactly(expiring);
        HoldExpiredEvent event = events.holdsExpired().get(0);
        assertThat(event.tableIds()).containsExactlyInAnyOrder(tables.get(0), tables.get(1));
        assertThat(event.window()).isEqualTo(window);
        assertThat(event.expiredAt()).isEqualTo(PLACED.plus(TTL));
        assertThat(holdIds()).containsExactly(active.value());
    }

    private RestaurantId restaurantWithTables(int tables) {
        RestaurantId r = RestaurantId.random();
        UUID zone = UUID.randomUUID();
        db.execute("INSERT INTO zones (id, restaurant_id, name) VALUES ('" + zone + "', '" + r.value() + "', 'Main')",
                "INSERT INTO dining_tables (id, restaurant_id, zone_id, label, capacity) SELECT gen_random_uuid(), '"
                        + r.value() + "', '" + zone + "', 'T' || g, 4 FROM generate_series(1, " + tables + ") g");
        return r;
    }

    private List<TableId> tableIds(RestaurantId r) throws SQLException {
        List<TableId> ids = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM dining_tables WHERE restaurant_id = ? ORDER BY id")) {
            ps.setObject(1, r.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(new TableId(rs.getObject(1, UUID.class)));
                }
            }
        }
        return ids;
    }

    private List<UUID> holdIds() throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT id FROM holds");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }
}
