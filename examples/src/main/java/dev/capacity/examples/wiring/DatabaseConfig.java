package dev.capacity.examples.wiring;

import java.util.Objects;

/**
 * Where the host's database is.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
 * @param user the user
 * @param password the password (may be empty)
 * @param schema the schema for the library's tables, usually {@code capacity}
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, String schema) {

    /**
     * Creates a configuration.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
     * @param user the user
     * @param password the password (may be empty)
     * @param schema the schema for the library's tables
     * @throws NullPointerException if an argument is null
     */
    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
    }

    /** Leaves the password out. */
    @Override
    public String toString() {
        return "DatabaseConfig[" + jdbcUrl + ", user " + user + ", schema " + schema + "]";
    }
}
