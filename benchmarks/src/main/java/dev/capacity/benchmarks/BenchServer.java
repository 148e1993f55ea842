package dev.capacity.benchmarks;

import dev.capacity.testkit.postgres.PostgresServer;
import dev.capacity.testkit.postgres.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL server the benchmarks run on, and fresh migrated schemas on it (through the testkit's
 * {@link TestDatabase}). Which server, in order:
 * <ol>
 *   <li>{@code CAPACITY_BENCH_JDBC_URL} (environment, or system property {@code capacity.bench.jdbcUrl}) with
 *       {@code CAPACITY_BENCH_JDBC_USER} / {@code CAPACITY_BENCH_JDBC_PASSWORD} (default {@code postgres}, empty);</li>
 *   <li>{@code CAPACITY_TEST_JDBC_URL}, as for the tests (so that CI's external server is used by the quick test);</li>
 *   <li>otherwise an embedded PostgreSQL 17 started here with the memory settings of the local measurements the
 *       issues quote (shared_buffers 1 GB, max_wal_size 4 GB, checkpoint_timeout 15 min) and, like the tests'
 *       server, without durable commits unless {@code capacity.bench.durable=true}.</li>
 * </ol>
 */
final class BenchServer {

    /**
     * Whether the embedded server commits durably ({@code capacity.bench.durable}, default false): with fsync on,
     * every commit waits for this machine's disk (about 1,400 fdatasync/s here), which dominates and blurs the
     * library's own cost; the default measures what the statements cost, as the tests' server does.
     */
    static final boolean DURABLE = Boolean.parseBoolean(System.getProperty("capacity.bench.durable", "false").trim());

    /** Server settings of the embedded server. */
    static final Map<String, String> EMBEDDED_SETTINGS = settings();

    private final PostgresServer server;
    private final String description;

    private BenchServer(PostgresServer server, String description) {
        this.server = server;
        this.description = description;
    }

    private static Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("shared_buffers", "1GB");
        m.put("max_wal_size", "4GB");
        m.put("checkpoint_timeout", "15min");
        m.put("fsync", DURABLE ? "on" : "off");
        m.put("synchronous_commit", DURABLE ? "on" : "off");
        m.put("full_page_writes", DURABLE ? "on" : "off");
        m.put("max_connections", "200");
        m.put("work_mem", "16MB");
        m.put("maintenance_work_mem", "512MB");
        return m;
    }

    /** Starts or finds the server (see the class comment). */
    static BenchServer start() {
        String url = setting("CAPACITY_BENCH_JDBC_URL", "capacity.bench.jdbcUrl");
        if (url != null) {
            System.setProperty("capacity.test.jdbcUrl", url);
            System.setProperty("capacity.test.jdbcUser",
                    orElse(setting("CAPACITY_BENCH_JDBC_USER", "capacity.bench.jdbcUser"), "postgres"));
            System.setProperty("capacity.test.jdbcPassword",
                    orElse(setting("CAPACITY_BENCH_JDBC_PASSWORD", "capacity.bench.jdbcPassword"), ""));
            return new BenchServer(PostgresServer.shared(), "external server " + url + " (CAPACITY_BENCH_JDBC_URL)");
        }
        String testUrl = setting("CAPACITY_TEST_JDBC_URL", "capacity.test.jdbcUrl");
        if (testUrl != null) {
            return new BenchServer(PostgresServer.shared(), "external server " + testUrl + " (CAPACITY_TEST_JDBC_URL)");
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            EMBEDDED_SETTINGS.forEach(builder::setServerConfig);
            EmbeddedPostgres pg = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // exiting; the data directory is temporary
                }
            }, "capacity-bench-postgres-stop"));
            System.setProperty("capacity.test.jdbcUrl", pg.getJdbcUrl("postgres", "postgres"));
            System.setProperty("capacity.test.jdbcUser", "postgres");
            System.setProperty("capacity.test.jdbcPassword", "");
            return new BenchServer(PostgresServer.shared(), "embedded PostgreSQL on port " + pg.getPort()
                    + " (benchmark settings)");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    private static String setting(String env, String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String orElse(String v, String fallback) {
        return v == null ? fallback : v;
    }

    /** @return a fresh, migrated schema */
    TestDatabase newSchema() {
        return server.createDatabase(TestDatabase.Options.defaults());
    }

    PostgresServer server() {
        return server;
    }

    /** @return what the server is and how it is configured, for the report */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", description);
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT version()")) {
                rs.next();
                m.put("version", rs.getString(1));
            }
            for (String name : List.of("shared_buffers", "max_wal_size", "checkpoint_timeout", "fsync",
                    "synchronous_commit", "full_page_writes", "work_mem", "autovacuum", "deadlock_timeout",
                    "max_connections")) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    m.put(name, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            m.put("error", e.getMessage());
        }
        return m;
    }
}
