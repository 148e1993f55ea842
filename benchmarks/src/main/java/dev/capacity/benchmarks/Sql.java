package dev.capacity.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Small JDBC helpers for set-up, resets and the hand-written baselines. */
final class Sql {

    private Sql() {
    }

    /** A Hikari pool on the schema, all connections opened up front. */
    static HikariDataSource pool(TestDatabase db, int size, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    /** Runs statements in autocommit mode. */
    static void exec(TestDatabase db, String... statements) {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs a statement, ignoring failure (for CHECKPOINT on a server where we are not superuser). */
    static void tryExec(TestDatabase db, String sql) {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException ignored) {
            // optional
        }
    }

    /** VACUUM ANALYZE and a checkpoint, so that a measurement starts from a settled table. */
    static void settle(TestDatabase db, String... tables) {
        exec(db, "VACUUM ANALYZE " + String.join(", ", tables));
        tryExec(db, "CHECKPOINT");
        flushOs();
    }

    /**
     * Waits until the operating system has written out what the checkpoint handed it. Without fsync the checkpoint
     * only fills the page cache, and the kernel writes those pages out during the next measurement, on the same two
     * cores: one side or the other paid for the load before it. Only meaningful with the server on this machine (the
     * embedded one); elsewhere it costs one {@code sync}.
     */
    private static void flushOs() {
        try {
            Process sync = new ProcessBuilder("sync").redirectErrorStream(true).start();
            sync.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            sync.waitFor();
        } catch (java.io.IOException e) {
            // No sync command (not Linux or macOS): the measurement is noisier, not wrong.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long count(TestDatabase db, String sql) {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static List<UUID> uuids(TestDatabase db, String sql) {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<UUID> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getObject(1, UUID.class));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs a prepared statement with the given parameters in autocommit mode and returns the update count. */
    static int update(TestDatabase db, String sql, Object... params) {
        return update(db, false, sql, params);
    }

    /**
     * Like {@link #update(TestDatabase, String, Object...)}, for bulk loads of rows known to be consistent: with
     * {@code bulk}, the session runs with {@code session_replication_role = replica} (where the server lets it), so
     * that the foreign-key triggers do not check every row. Constraints that are indexes (keys, the exclusion
     * constraint) are still checked.
     */
    static int update(TestDatabase db, boolean bulk, String sql, Object... params) {
        try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (bulk) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET session_replication_role = replica");
                } catch (SQLException notAllowed) {
                    // not superuser: load with the checks
                }
            }
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static OffsetDateTime odt(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    /** Lines of {@code EXPLAIN (ANALYZE, BUFFERS)} of a statement, run in a transaction that is rolled back. */
    static List<String> explain(TestDatabase db, String sql, Object... params) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                List<String> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            return List.of("EXPLAIN failed: " + e.getMessage());
        }
    }
}
