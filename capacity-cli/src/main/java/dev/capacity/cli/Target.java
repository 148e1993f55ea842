package dev.capacity.cli;

import dev.capacity.api.SlackPolicy;
import dev.capacity.impl.PostgresCapacity;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database a command runs against: from {@code --jdbc-url}, {@code --user}, {@code --password} and
 * {@code --schema}, or the variables {@code CAPACITY_JDBC_URL}, {@code CAPACITY_JDBC_USER} and
 * {@code CAPACITY_JDBC_PASSWORD} (options win).
 */
final class Target {

    /** The options every command takes. */
    static final Set<String> OPTIONS = Set.of("--jdbc-url", "--user", "--password", "--schema");

    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    private final PGSimpleDataSource dataSource;
    private final String schema;

    private Target(PGSimpleDataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /**
     * Reads the connection options.
     *
     * @throws UsageError when no JDBC URL is given, it is not a PostgreSQL URL, or the schema is no plain identifier
     */
    static Target from(Arguments args, Map<String, String> env) {
        String url = option(args, "--jdbc-url", env, "CAPACITY_JDBC_URL");
        if (url == null) {
            throw new UsageError("no database: give --jdbc-url (or set CAPACITY_JDBC_URL)");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new UsageError("--jdbc-url: expected jdbc:postgresql://host:port/database, got '" + url + "'");
        }
        String schema = Objects.requireNonNullElse(args.value("--schema"), "capacity");
        if (!SCHEMA.matcher(schema).matches()) {
            throw new UsageError("--schema: expected a plain identifier, got '" + schema + "'");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        try {
            ds.setURL(url);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--jdbc-url: " + e.getMessage());
        }
        String user = option(args, "--user", env, "CAPACITY_JDBC_USER");
        if (user != null) {
            ds.setUser(user);
        }
        String password = option(args, "--password", env, "CAPACITY_JDBC_PASSWORD");
        if (password != null) {
            ds.setPassword(password);
        }
        // Shows up in pg_stat_activity, which the runbooks query.
        ds.setApplicationName("capacity-cli");
        ds.setConnectTimeout(10);
        return new Target(ds, schema);
    }

    private static @Nullable String option(Arguments args, String name, Map<String, String> env, String variable) {
        String value = args.value(name);
        if (value != null) {
            return value;
        }
        String fromEnv = env.get(variable);
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.trim();
    }

    /** @return a connection source that opens a new connection per transaction (a few per run) */
    DataSource dataSource() {
        return dataSource;
    }

    /** @return the schema holding the library's tables */
    String schema() {
        return schema;
    }

    /**
     * Builds the library on this database. It does not listen for floor-plan changes (a run is short and edits
     * nothing), and its slack policy ignores {@code CAPACITY_MANUAL_MAX_SLACK}, which only matters to assignments.
     */
    PostgresCapacity capacity(InstantSource clock) {
        return PostgresCapacity.builder()
                .dataSource(dataSource)
                .schema(schema)
                .clock(clock)
                .listenForChanges(false)
                .slackPolicy(SlackPolicy.builder().environment(name -> null).build())
                .build();
    }
}
