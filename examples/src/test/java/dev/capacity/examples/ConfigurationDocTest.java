package dev.capacity.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.PrunerSettings;
import dev.capacity.api.SlackPolicy;
import dev.capacity.api.SweeperSettings;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.fake.InMemoryCapacity;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** docs/configuration.md names every option a host can set, so that a new option cannot go undocumented. */
@DisplayName("docs/configuration.md")
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    private static List<String> options(Class<?> builder) {
        return Arrays.stream(builder.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.getName().equals("build"))
                .map(Method::getName).distinct().sorted().toList();
    }

    @Test
    @DisplayName("lists every option of PostgresCapacity.builder(), SlackPolicy.builder() and"
            + " InMemoryCapacity.builder()")
    void builderOptions() throws IOException {
        String doc = Files.readString(DOC);
        for (Class<?> builder : List.of(PostgresCapacity.Builder.class, SlackPolicy.Builder.class,
                InMemoryCapacity.Builder.class)) {
            List<String> options = options(builder);
            assertThat(options).as(builder.getName()).isNotEmpty();
            for (String option : options) {
                assertThat(doc).as("%s.%s", builder.getName(), option).containsPattern("`" + option + "[(`]");
            }
        }
    }

    @Test
    @DisplayName("lists every setting of SweeperSettings and PrunerSettings, and the environment variable")
    void settings() throws IOException {
        String doc = Files.readString(DOC);
        for (Class<?> settings : List.of(SweeperSettings.class, PrunerSettings.class)) {
            String section = doc.substring(doc.indexOf("`" + settings.getSimpleName() + "`"));
            for (RecordComponent c : settings.getRecordComponents()) {
                assertThat(section).as("%s.%s", settings.getSimpleName(), c.getName())
                        .contains("| `" + c.getName() + "` |");
            }
        }
        assertThat(doc).contains("`" + SlackPolicy.ENVIRONMENT_VARIABLE + "`: a whole number 0–"
                + SlackPolicy.MAX_ENVIRONMENT_BUDGET, "| default | " + SlackPolicy.DEFAULT_BUDGET);
    }
}
