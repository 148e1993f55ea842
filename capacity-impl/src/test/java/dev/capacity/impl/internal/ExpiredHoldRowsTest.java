package dev.capacity.impl.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.contract.RecordingListener;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The sweeper's events are the same whether the driver sends a batch's values in text (the first executions of a
 * statement on a connection, or {@code prepareThreshold=0}) or in binary (a server-prepared statement), for every
 * shape of row the schema allows.
 */
@ExtendWith(PostgresExtension.class)
@DisplayName("Reading swept holds into events")
@Timeout(value = 60, unit = SECONDS)
class ExpiredHoldRowsTest {

    private static final Instant NOW = Instant.parse("2031-01-01T00:00:00Z");

    private final TestDatabase db;

    ExpiredHoldRowsTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptyLedger() {
        db.execute("DELETE FROM allocations", "DELETE FROM holds");
    }

    /** 0: never server-prepared, all text; -1: binary from the first execution; 5 (pgjdbc's default): text, then binary. */
    @ParameterizedTest(name = "prepareThreshold={0}")
    @ValueSource(ints = {0, -1, 5})
    @DisplayName("events carry exactly what the rows held, in text and in binary")
    void eventsMatchRows(int prepareThreshold) throws SQLException {
        List<HoldExpiredEvent> expected = new ArrayList<>();
        RestaurantId r = RestaurantId.random();
        expected.add(insert(r, null, tables(1), "2030-01-02T18:00:00.123456Z", "2030-01-02T20:00:00Z",
                "2030-12-31T23:59:59.999999Z"));
        expected.add(insert(r, BookingId.random(), tables(2), "1999-12-31T23:59:59.999999Z", "2000-01-01T00:00:00Z",
                "2000-01-01T00:00:00.000001Z"));
        expected.add(insert(RestaurantId.random(), BookingId.random(), tables(3), "1969-07-20T20:17:40.000001Z",
                "1970-01-01T00:00:00Z", "1999-01-01T12:00:00.5Z"));
        expected.add(insert(r, null, tables(7), "2031-01-01T00:00:00Z", "2031-01-01T00:00:00.000001Z",
                NOW.toString()));
        // Upper-case input is stored as a uuid: the server sends it back in lower case like any other.
        List<TableId> upper = tables(2);
        expected.add(insert(r, null, upper, "2030-05-05T05:05:05Z", "2030-05-05T06:05:05Z", "2030-06-01T00:00:00Z",
                "'{" + upper.stream().map(t -> t.value().toString().toUpperCase(Locale.ROOT))
                        .collect(Collectors.joining(",")) + "}'::uuid[]"));
        for (int i = 0; i < 8; i++) {
            // Enough batches of two for the default threshold to switch to binary part-way.
            expected.add(insert(r, BookingId.random(), tables(2), "2030-03-0" + (i + 1) + "T19:00:00Z",
                    "2030-03-0" + (i + 1) + "T21:30:00.25Z", "2030-02-01T10:00:0" + i + ".75Z"));
        }

        RecordingListener events = new RecordingListener();
        // One pooled connection, so that the batches share the driver's statement cache and its count of executions.
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource(prepareThreshold));
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            assertThat(sweeper(pool, events).sweep().batches()).isGreaterThan(5);
        }

        assertThat(events.holdsExpired()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(count()).isZero();
    }

    @Test
    @DisplayName("an infinite window and a table array with other bounds go through the driver unchanged")
    void unusualValues() throws SQLException {
        List<TableId> tables = tables(2);
        UUID id = UUID.randomUUID();
        RestaurantId r = RestaurantId.random();
        String insert = "INSERT INTO holds (id, restaurant_id, starts_at, ends_at, expires_at, table_ids, created_at) "
                + "VALUES ('" + id + "', '" + r.value() + "', '-infinity', 'infinity', '" + NOW + "', '[0:1]={"
                + tables.get(0).value() + "," + tables.get(1).value() + "}'::uuid[], '" + NOW.minusSeconds(60) + "')";
        for (int threshold : new int[] {0, -1}) {
            db.execute(insert);
            TimeWindow window = storedWindow(id);
            RecordingListener events = new RecordingListener();
            sweeper(dataSource(threshold), events).sweep();
            assertThat(events.holdsExpired()).as("prepareThreshold=%s", threshold).containsExactly(
                    new HoldExpiredEvent(new HoldId(id), r, null, tables, window, NOW));
        }
    }

    /** The window as the driver maps the stored infinities, which is what the events must carry. */
    private TimeWindow storedWindow(UUID id) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT starts_at, ends_at FROM holds WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new TimeWindow(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant());
            }
        }
    }

    @Test
    @DisplayName("a table array in binary (binaryTransferEnable) goes through the driver's array decoding")
    void binaryTableArray() throws SQLException {
        RestaurantId r = RestaurantId.random();
        List<HoldExpiredEvent> expected = List.of(
                insert(r, null, tables(1), "2030-01-02T18:00:00Z", "2030-01-02T20:00:00Z", NOW.toString()),
                insert(r, BookingId.random(), tables(3), "2030-01-03T18:00:00Z", "2030-01-03T20:00:00Z",
                        "2030-06-01T00:00:00.000001Z"));
        RecordingListener events = new RecordingListener();
        // 2951 is uuid[]: the driver then asks for it in binary too.
        PGSimpleDataSource binaryArrays = dataSource(-1);
        binaryArrays.setBinaryTransferEnable("2951");
        try (Connection c = binaryArrays.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT table_ids FROM holds");
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.getMetaData().unwrap(PGResultSetMetaData.class).getFormat(1)).as("uuid[] format").isEqualTo(1);
        }
        sweeper(binaryArrays, events).sweep();
        assertThat(events.holdsExpired()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @DisplayName("a server-prepared batch is decoded from binary, a text one through the driver")
    void formatsAreDetected() throws SQLException {
        insert(RestaurantId.random(), null, tables(1), "2030-01-02T18:00:00Z", "2030-01-02T20:00:00Z", NOW.toString());
        assertThat(binaryTimestamps(-1)).isTrue();
        assertThat(binaryTimestamps(0)).isFalse();
    }

    @Test
    @DisplayName("uuid text is parsed in either case and anything else is refused")
    void parsesUuids() {
        UUID u = UUID.randomUUID();
        assertThat(ExpiredHoldRows.parseUuid(ascii("{" + u + "}"), 1)).isEqualTo(u);
        assertThat(ExpiredHoldRows.parseUuid(ascii(u.toString().toUpperCase(Locale.ROOT)), 0)).isEqualTo(u);
        assertThat(ExpiredHoldRows.parseUuid(ascii("ffffffff-ffff-ffff-ffff-ffffffffffff"), 0))
                .isEqualTo(new UUID(-1L, -1L));
        assertThat(ExpiredHoldRows.parseUuid(ascii(u.toString().replace('-', 'x')), 0)).isNull();
        assertThat(ExpiredHoldRows.parseUuid(ascii(u.toString().substring(1)), 0)).isNull();
        assertThat(ExpiredHoldRows.parseUuid(ascii("g" + u.toString().substring(1)), 0)).isNull();
        assertThat(ExpiredHoldRows.parseUuid(ascii("NULL"), 0)).isNull();
        byte[] high = ascii(u.toString());
        high[0] = (byte) 0xC3;
        assertThat(ExpiredHoldRows.parseUuid(high, 0)).isNull();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private boolean binaryTimestamps(int prepareThreshold) throws SQLException {
        try (Connection c = dataSource(prepareThreshold).getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, restaurant_id, booking_id, table_ids, starts_at, ends_at, expires_at FROM holds")) {
            try (ResultSet rs = ps.executeQuery()) {
                return ExpiredHoldRows.of(rs).binaryTimestamps();
            }
        }
    }

    private HoldSweeper sweeper(DataSource dataSource, RecordingListener events) {
        return PostgresCapacity.builder().dataSource(dataSource).schema(db.schema())
                .clock(MutableInstantSource.at(NOW)).listener(events).listenForChanges(false)
                .sweeper(SweeperSettings.defaults().withBatchSize(2)).build().holdSweeper();
    }

    private PGSimpleDataSource dataSource(int prepareThreshold) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(db.jdbcUrl() + "&prepareThreshold=" + prepareThreshold);
        ds.setUser(db.user());
        ds.setPassword(db.password());
        return ds;
    }

    private static List<TableId> tables(int n) {
        List<TableId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(new TableId(UUID.randomUUID()));
        }
        return ids;
    }

    private HoldExpiredEvent insert(RestaurantId r, BookingId booking, List<TableId> tables, String start, String end,
            String expires) {
        return insert(r, booking, tables, start, end, expires, "'{" + tables.stream().map(t -> t.value().toString())
                .collect(Collectors.joining(",")) + "}'::uuid[]");
    }

    private HoldExpiredEvent insert(RestaurantId r, BookingId booking, List<TableId> tables, String start, String end,
            String expires, String tableArray) {
        HoldId id = HoldId.random();
        Instant expiresAt = Instant.parse(expires);
        db.execute("INSERT INTO holds (id, restaurant_id, booking_id, starts_at, ends_at, expires_at, table_ids, "
                + "created_at) VALUES ('" + id.value() + "', '" + r.value() + "', "
                + (booking == null ? "NULL" : "'" + booking.value() + "'") + ", '" + start + "', '" + end + "', '"
                + expires + "', " + tableArray + ", '" + expiresAt.minusSeconds(60) + "')");
        return new HoldExpiredEvent(id, r, booking, tables, new TimeWindow(Instant.parse(start), Instant.parse(end)),
                expiresAt);
    }

    private long count() throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM holds");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
