package dev.capacity.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.testkit.postgres.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The demo")
class DemoTest {

    @Test
    @DisplayName("plays the evening against an existing database and reports it: holds, the 422 problem, sweeps,"
            + " the archived month and the Micrometer meters")
    void playsAgainstAnExistingDatabase() throws Exception {
        PostgresServer server = PostgresServer.shared();
        String schema = "capacity_demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            int exit = DemoMain.run(List.of("--jdbc-url", server.jdbcUrl(), "--user", server.user(),
                            "--password=" + server.password(), "--schema", schema),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String report = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(report)
                    .contains("Using the existing database " + server.jdbcUrl())
                    .contains("17:02  Anna confirms")
                    .contains("17:10  sweeper removed Bruno's expired hold on T3+T4")
                    .contains("-> refused: 422 SLACK_BUDGET_EXCEEDED")
                    .contains("\"type\": \"urn:capacity:problem:slack-budget-exceeded\"", "\"status\": 422")
                    .contains("the cached floor plan was dropped by LISTEN/NOTIFY")
                    .contains("call 3: archived 20, total 120, backlog none")
                    .contains("holds placed by guests        10: 6 confirmed, 4 abandoned")
                    .contains("refused, with a problem body  409 HOLD_CONFLICT x2, 422 SLACK_BUDGET_EXCEEDED x1")
                    .containsPattern("capacity\\.holds\\.expired +4\\n")
                    .containsPattern("capacity\\.sweep\\.holds +4\\n")
                    .containsPattern("capacity\\.prune\\.archived +120\\n")
                    .containsPattern("capacity\\.assignments\\.rejected\\{code=SLACK_BUDGET_EXCEEDED,operation=assign,"
                            + "outcome=rule} +1\\n")
                    .containsPattern("T5 +Main room +6  19:00-21:00 Luca \\[slack override]")
                    .containsPattern("P1 +Garden +2  17:45-19:15 Hugo");
        } finally {
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        }
    }

    @Test
    @DisplayName("rejects an unknown option with exit code 2 and its usage")
    void usage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DemoMain.run(List.of("--port", "1"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --port", "Usage: DemoMain");
    }
}
