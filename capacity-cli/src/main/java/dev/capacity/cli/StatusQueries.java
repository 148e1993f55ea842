package dev.capacity.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The one figure the library has no call for: the expired-hold backlog and its oldest expiry, read with plain JDBC
 * against the documented schema. It is the query of the holds runbook, with the application's clock bound as a
 * parameter instead of the database's {@code now()}, so that it agrees with {@code SweepResult.sweepLag()}; the
 * partial index {@code holds_sweep_idx} serves it.
 */
final class StatusQueries {

    private StatusQueries() {
    }

    /**
     * The backlog the sweeper has not removed yet.
     *
     * @param count expired, unconfirmed holds
     * @param oldestExpiry the expiry of the oldest of them, or null when there is none
     */
    record ExpiredHolds(long count, @Nullable Instant oldestExpiry) {
    }

    static ExpiredHolds expiredHolds(DataSource dataSource, String schema, Instant now) throws SQLException {
        // The schema was checked to be a plain identifier; quoted like the library quotes it.
        String sql = "SELECT count(*), min(expires_at) FROM \"" + schema + "\".holds"
                + " WHERE confirmed_at IS NULL AND expires_at <= ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, now.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
                return new ExpiredHolds(rs.getLong(1), oldest == null ? null : oldest.toInstant());
            }
        }
    }
}
