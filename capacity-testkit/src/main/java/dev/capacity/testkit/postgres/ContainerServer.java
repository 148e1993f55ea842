package dev.capacity.testkit.postgres;

import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Starts PostgreSQL in a container. Loaded only when {@code CAPACITY_TEST_CONTAINERS=true}, so that Testcontainers
 * stays an optional dependency.
 */
final class ContainerServer {

    private ContainerServer() {
    }

    static PostgresServer start() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "capacity-postgres-container-stop"));
        return new PostgresServer(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                "container " + container.getDockerImageName());
    }
}
