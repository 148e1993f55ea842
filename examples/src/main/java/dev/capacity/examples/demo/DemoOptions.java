package dev.capacity.examples.demo;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The demo's command line: {@code --jdbc-url}, {@code --user}, {@code --password}, {@code --schema}. Without a JDBC
 * URL the demo starts an embedded PostgreSQL. An empty value counts as not given (the Maven profile passes every
 * option, empty unless set).
 *
 * @param jdbcUrl an existing database, or null for an embedded one
 * @param user the user for {@code jdbcUrl}
 * @param password the password for {@code jdbcUrl}
 * @param schema the schema for the library's tables
 */
record DemoOptions(@Nullable String jdbcUrl, String user, String password, String schema) {

    static final String USAGE = """
            Usage: DemoMain [--jdbc-url URL [--user NAME] [--password SECRET]] [--schema NAME]

            Plays one evening of a restaurant with the Capacity SDK and prints a report.
              --jdbc-url URL     run against this existing database (default: start an embedded PostgreSQL 17)
              --user NAME        its user (default postgres)
              --password SECRET  its password (default empty)
              --schema NAME      schema for the library's tables, migrated with Flyway (default capacity)
            """;

    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    /** @throws IllegalArgumentException with a message for the user */
    static DemoOptions parse(List<String> args) {
        String url = null;
        String user = "postgres";
        String password = "";
        String schema = "capacity";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.isBlank()) {
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!List.of("--jdbc-url", "--user", "--password", "--schema").contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            if (value.isBlank()) {
                continue;
            }
            switch (name) {
                case "--jdbc-url" -> url = value.trim();
                case "--user" -> user = value.trim();
                case "--password" -> password = value;
                default -> schema = value.trim();
            }
        }
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("--schema must be a plain identifier: " + schema);
        }
        return new DemoOptions(url, user, password, schema);
    }
}
