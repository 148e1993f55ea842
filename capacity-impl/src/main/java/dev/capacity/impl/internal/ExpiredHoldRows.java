package dev.capacity.impl.internal;

import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.event.HoldExpiredEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGResultSetMetaData;

/**
 * Reads the rows of one sweep batch ({@code id, restaurant_id, booking_id, table_ids, starts_at, ends_at,
 * expires_at}) into events, from the driver's bytes where their format is known.
 *
 * <p>Why not the driver's getters: a batch returns up to thousands of rows, read on cores the database shares, and
 * the getters were about half of the sweeper's client time in a profile (docs/performance.md). A server-prepared
 * statement gets {@code uuid} and {@code timestamptz} in binary (16 and 8 bytes), which decode in a few
 * instructions, where {@code getTimestamp} goes through a {@code Calendar}. The first executions of a statement on a
 * connection come in text, and a driver other than pgjdbc may not say which format it got: text uuids are parsed
 * from their characters, and text timestamps, infinities and any value this class does not recognise go through the
 * driver's getters, so the events are the same either way.
 */
final class ExpiredHoldRows {

    /** Seconds from 1970-01-01 to 2000-01-01 (UTC), the epoch of PostgreSQL's binary timestamps. */
    private static final long POSTGRES_EPOCH = 946_684_800L;
    /** Length of a uuid in text form; the elements of a uuid[] in text form are this long, separated by commas. */
    private static final int UUID_TEXT = 36;
    private static final int BINARY = 1;
    private static final byte[] HEX = hexDigits();

    private final boolean binaryTimestamps;

    private ExpiredHoldRows(boolean binaryTimestamps) {
        this.binaryTimestamps = binaryTimestamps;
    }

    /**
     * Looks at the formats of a batch's result once.
     *
     * @param rs the batch's rows
     * @return the reader for them
     */
    static ExpiredHoldRows of(ResultSet rs) {
        return new ExpiredHoldRows(binary(rs, 5) && binary(rs, 6) && binary(rs, 7));
    }

    /** @return whether the batch's timestamps came in binary, so that they are decoded here */
    boolean binaryTimestamps() {
        return binaryTimestamps;
    }

    private static boolean binary(ResultSet rs, int column) {
        try {
            ResultSetMetaData md = rs.getMetaData();
            return md.isWrapperFor(PGResultSetMetaData.class)
                    && md.unwrap(PGResultSetMetaData.class).getFormat(column) == BINARY;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads the current row.
     *
     * @param rs the batch's rows, on a row
     * @return the event for the hold the row describes
     * @throws SQLException when the driver fails
     */
    HoldExpiredEvent read(ResultSet rs) throws SQLException {
        UUID booking = uuid(rs, 3);
        return new HoldExpiredEvent(new HoldId(required(uuid(rs, 1), 1)), new RestaurantId(required(uuid(rs, 2), 2)),
                booking == null ? null : new BookingId(booking), tables(rs, 4),
                new TimeWindow(instant(rs, 5), instant(rs, 6)), instant(rs, 7));
    }

    private static UUID required(@Nullable UUID value, int column) throws SQLException {
        if (value == null) {
            throw new SQLException("The sweep batch returned a null in column " + column);
        }
        return value;
    }

    /** A binary uuid is its 16 bytes, big-endian; anything else is the text form. */
    private static @Nullable UUID uuid(ResultSet rs, int column) throws SQLException {
        byte[] b = rs.getBytes(column);
        if (b == null) {
            return null;
        }
        if (b.length == 16) {
            return new UUID(longAt(b, 0), longAt(b, 8));
        }
        UUID parsed = b.length == UUID_TEXT ? parseUuid(b, 0) : null;
        return parsed != null ? parsed : UUID.fromString(new String(b, StandardCharsets.US_ASCII));
    }

    /**
     * A binary timestamptz is microseconds since 2000-01-01 UTC. The two infinities (the extreme longs) keep the
     * driver's own mapping.
     */
    private Instant instant(ResultSet rs, int column) throws SQLException {
        if (binaryTimestamps) {
            byte[] b = rs.getBytes(column);
            if (b != null && b.length == 8) {
                long micros = longAt(b, 0);
                if (micros != Long.MAX_VALUE && micros != Long.MIN_VALUE) {
                    return Instant.ofEpochSecond(POSTGRES_EPOCH + Math.floorDiv(micros, 1_000_000L),
                            Math.floorMod(micros, 1_000_000L) * 1_000L);
                }
            }
        }
        java.sql.Timestamp t = rs.getTimestamp(column);
        if (t == null) {
            throw new SQLException("The sweep batch returned a null in column " + column);
        }
        return t.toInstant();
    }

    /**
     * A uuid[] in text form is {@code {id,id,...}}: uuids need no quotes, so the elements sit at fixed offsets. Any
     * other shape (binary, array bounds, a null element) goes through the driver's array decoding.
     */
    private static List<TableId> tables(ResultSet rs, int column) throws SQLException {
        byte[] b = rs.getBytes(column);
        if (b == null) {
            throw new SQLException("The sweep batch returned a null in column " + column);
        }
        int n = b.length == 2 ? 0 : (b.length - 1) / (UUID_TEXT + 1);
        if (b.length >= 2 && b[0] == '{' && b[b.length - 1] == '}' && b.length == 1 + n * (UUID_TEXT + 1)) {
            TableId[] ids = new TableId[n];
            for (int i = 0; i < n; i++) {
                int at = 1 + i * (UUID_TEXT + 1);
                UUID id = parseUuid(b, at);
                if (id == null || (i < n - 1 && b[at + UUID_TEXT] != ',')) {
                    return driverTables(rs, column);
                }
                ids[i] = new TableId(id);
            }
            // List.of keeps one or two elements in fields; HoldExpiredEvent's copy of an immutable list is free.
            return n == 1 ? List.of(ids[0]) : n == 2 ? List.of(ids[0], ids[1]) : List.of(ids);
        }
        return driverTables(rs, column);
    }

    private static List<TableId> driverTables(ResultSet rs, int column) throws SQLException {
        Array array = rs.getArray(column);
        Object[] values = (Object[]) array.getArray();
        List<TableId> ids = new ArrayList<>(values.length);
        for (Object v : values) {
            if (v == null) {
                throw new SQLException("The sweep batch returned a null table id: " + Arrays.toString(values));
            }
            ids.add(new TableId((UUID) v));
        }
        return ids;
    }

    /** Parses the 36 characters at {@code at} as a uuid (8-4-4-4-12 hex digits, either case), or returns null. */
    static @Nullable UUID parseUuid(byte[] b, int at) {
        if (at + UUID_TEXT > b.length || b[at + 8] != '-' || b[at + 13] != '-' || b[at + 18] != '-'
                || b[at + 23] != '-') {
            return null;
        }
        long a = hex(b, at, at + 8);
        long c = hex(b, at + 9, at + 13);
        long d = hex(b, at + 14, at + 18);
        long e = hex(b, at + 19, at + 23);
        long f = hex(b, at + 24, at + 36);
        if ((a | c | d | e | f) < 0) {
            return null;
        }
        return new UUID(a << 32 | c << 16 | d, e << 48 | f);
    }

    /** The hex digits in {@code [from, to)} (at most 15) as a number, or -1 if one is not a hex digit. */
    private static long hex(byte[] b, int from, int to) {
        long v = 0;
        int bad = 0;
        for (int i = from; i < to; i++) {
            int digit = HEX[b[i] & 0xFF];
            bad |= digit;
            v = v << 4 | (digit & 0xF);
        }
        return bad < 0 ? -1 : v;
    }

    private static long longAt(byte[] b, int at) {
        long v = 0;
        for (int i = at; i < at + 8; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    /** Indexed by an unsigned byte: the digit's value, or -1 for anything but a hex digit. */
    private static byte[] hexDigits() {
        byte[] t = new byte[256];
        Arrays.fill(t, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            t[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            t[c] = (byte) (c - 'a' + 10);
            t[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
        return t;
    }
}
