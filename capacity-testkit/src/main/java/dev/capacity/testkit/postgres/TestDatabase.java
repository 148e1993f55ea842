package dev.capacity.testkit.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One migrated schema on a {@link PostgresServer}, private to a test class. Connections from
 * {@link #dataSource()} have the schema first on their search path, so plain SQL in tests needs no qualification.
 * {@link #close()} drops the schema.
 *
 * <p>Thread-safe.
 */
public final class TestDatabase implements AutoCloseable {

    /** Flyway location of the versioned schema migrations inside capacity-impl. */
    public static final String MIGRATIONS = "classpath:db/capacity/migration";
    /** Flyway location of the optional row-level-security migration inside capacity-impl. */
    public static final String RLS_MIGRATIONS = "classpath:db/capacity/rls";

    private final PostgresServer server;
    private final String schema;
    private final String jdbcUrl;

    TestDatabase(PostgresServer server, String schema) {
        this.server = server;
        this.schema = schema;
        String base = server.jdbcUrl();
        this.jdbcUrl = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema + ",public";
    }

    /**
     * Creates a fresh, migrated schema on the JVM-wide server.
     *
     * @return the database
     */
    public static TestDatabase create() {
        return PostgresServer.shared().createDatabase(Options.defaults());
    }

    /**
     * Creates a fresh schema on the JVM-wide server with the given migrations applied.
     *
     * @param options which migrations to apply
     * @return the database
     */
    public static TestDatabase create(Options options) {
        return PostgresServer.shared().createDatabase(options);
    }

    void migrate(Options options) {
        List<String> locations = new ArrayList<>(List.of(MIGRATIONS));
        if (options.rowLevelSecurity()) {
            locations.add(RLS_MIGRATIONS);
        }
        Flyway.configure()
                .dataSource(server.jdbcUrl(), server.user(), server.password())
                .schemas(schema)
                .locations(locations.toArray(String[]::new))
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /** @return the schema name, for example {@code capacity_test_3f2a…}; pass it to the library's builders */
    public String schema() {
        return schema;
    }

    /** @return a JDBC URL whose connections have this schema first on the search path */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** @return the user to connect as */
    public String user() {
        return server.user();
    }

    /** @return the password to connect with (may be empty) */
    public String password() {
        return server.password();
    }

    /** @return the server this schema lives on */
    public PostgresServer server() {
        return server;
    }

    /**
     * Returns an unpooled data source for this schema. Build a pool from {@link #jdbcUrl()} for concurrency tests.
     *
     * @return a new data source
     */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser(server.user());
        ds.setPassword(server.password());
        return ds;
    }

    /**
     * Opens a connection with this schema first on the search path.
     *
     * @return a connection the caller closes
     * @throws SQLException if the server cannot be reached
     */
    public Connection connection() throws SQLException {
        return dataSource().getConnection();
    }

    /**
     * Runs SQL statements in autocommit mode; a convenience for test set-up.
     *
     * @param sql statements, run in order
     * @throws IllegalStateException wrapping the first {@link SQLException}
     */
    public void execute(String... sql) {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed in schema " + schema + ": " + e.getMessage(), e);
        }
    }

    /** Drops the schema and everything in it. */
    @Override
    public void close() {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop schema " + schema, e);
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + schema + " on " + server + "]";
    }

    /**
     * Which migrations to apply.
     *
     * @param rowLevelSecurity also apply the row-level-security migration
     */
    public record Options(boolean rowLevelSecurity) {

        /** @return the versioned migrations only */
        public static Options defaults() {
            return new Options(false);
        }

        /** @return the versioned migrations plus row-level security */
        public static Options withRowLevelSecurity() {
            return new Options(true);
        }
    }

}
