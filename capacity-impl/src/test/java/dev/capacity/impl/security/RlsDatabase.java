package dev.capacity.impl.security;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * A schema with the row-level-security migration and the two roles docs/security.md describes, created with exactly
 * the statements printed there: an application role (LOGIN, not superuser, no BYPASSRLS, not the owner) with DML on
 * the seven tables, and a jobs role (LOGIN, BYPASSRLS) with only what the sweeper and pruner need. Both connect as
 * themselves, so no session can {@code RESET ROLE} back to the owner. {@link #close()} drops the schema and roles.
 */
final class RlsDatabase implements AutoCloseable {

    /** Every table of the library, each with a {@code restaurant_id} and the {@code capacity_tenant} policy. */
    static final List<String> TABLES = List.of("zones", "dining_tables", "table_adjacency", "floor_plan_versions",
            "holds", "allocations", "allocations_archive");

    final TestDatabase db;
    final String app;
    final String jobs;
    final HikariDataSource appPool;
    final HikariDataSource jobsPool;

    RlsDatabase() {
        db = TestDatabase.create(TestDatabase.Options.withRowLevelSecurity());
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        app = "capacity_app_" + suffix;
        jobs = "capacity_jobs_" + suffix;
        String password = UUID.randomUUID().toString();
        db.execute(grants(db.schema(), app, jobs, password).toArray(String[]::new));
        appPool = pool(app, password);
        jobsPool = pool(jobs, password);
    }

    /** The statements of docs/security.md, with the schema, role names and password filled in. */
    static List<String> grants(String schema, String app, String jobs, String password) {
        String all = String.join(", ", TABLES);
        return List.of(
                "CREATE ROLE " + app + " LOGIN PASSWORD '" + password + "' NOSUPERUSER NOBYPASSRLS",
                "GRANT USAGE ON SCHEMA " + schema + " TO " + app,
                "GRANT SELECT, INSERT, UPDATE, DELETE ON " + qualified(schema, all) + " TO " + app,
                "CREATE ROLE " + jobs + " LOGIN PASSWORD '" + password + "' NOSUPERUSER BYPASSRLS",
                "GRANT USAGE ON SCHEMA " + schema + " TO " + jobs,
                "GRANT SELECT, UPDATE, DELETE ON " + qualified(schema, "holds, allocations") + " TO " + jobs,
                "GRANT SELECT, INSERT, UPDATE, DELETE ON " + schema + ".allocations_archive TO " + jobs);
    }

    private static String qualified(String schema, String tables) {
        return String.join(", ", java.util.Arrays.stream(tables.split(", ")).map(t -> schema + "." + t).toList());
    }

    private HikariDataSource pool(String user, String password) {
        HikariConfig config = new HikariConfig();
        // The embedded server's URL names its superuser as a parameter, which would win over the user given here.
        config.setJdbcUrl(db.jdbcUrl().replaceAll("([?&])(user|password)=[^&]*&?", "$1").replaceAll("[?&]$", ""));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    /**
     * A connection of the application role, in a transaction scoped to a restaurant the way the library scopes
     * its own (transaction-local), or unscoped when {@code restaurant} is null. The caller rolls back and closes.
     */
    Connection appConnection(Object restaurant) throws SQLException {
        Connection c = appPool.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT current_user")) {
            rs.next();
            if (!rs.getString(1).equals(app)) {
                throw new IllegalStateException("connected as " + rs.getString(1) + ", not as " + app);
            }
        }
        if (restaurant != null) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT set_config('capacity.restaurant_id', '" + restaurant + "', true)");
            }
        }
        return c;
    }

    /**
     * Row counts and an md5 of every row of one restaurant in every table, as the owner reads them.
     *
     * @param restaurant the restaurant
     * @return the digest; equal digests mean none of its rows changed
     */
    String ownerDigest(Object restaurant) {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (java.sql.ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(x::text, "
                        + "E'\\n' ORDER BY x::text), '')) FROM " + table + " x WHERE restaurant_id = '" + restaurant
                        + "'")) {
                    rs.next();
                    out.append(table).append(' ').append(rs.getLong(1)).append(' ').append(rs.getString(2))
                            .append('\n');
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    @Override
    public void close() {
        appPool.close();
        jobsPool.close();
        db.close();
        try (Connection c = db.server().connect(); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + app);
            s.execute("DROP ROLE IF EXISTS " + jobs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
