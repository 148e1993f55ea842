package dev.capacity.impl.micrometer;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.impl.PostgresCapacity;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Micrometer stays optional and documented")
class MicrometerIsOptionalTest {

    /** Where a class file names another class: its constant pool holds the internal name, e.g. io/micrometer/…. */
    private static final String MICROMETER = "io/micrometer/";

    private static Path classes() throws Exception {
        return Path.of(PostgresCapacity.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<Path> classFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class")).toList();
        }
    }

    private static boolean namesMicrometer(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), ISO_8859_1).contains(MICROMETER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("no class outside dev.capacity.impl.micrometer refers to a Micrometer type, so hosts without "
            + "Micrometer never load one")
    void onlyTheBindingRefersToMicrometer() throws Exception {
        Path root = classes();
        Path binding = root.resolve("dev/capacity/impl/micrometer");
        List<Path> all = classFiles(root);
        assertThat(all).as("compiled classes of capacity-impl").hasSizeGreaterThan(20);
        assertThat(all.stream().filter(f -> !f.startsWith(binding)).filter(MicrometerIsOptionalTest::namesMicrometer))
                .as("classes outside the binding that name Micrometer").isEmpty();
        assertThat(classFiles(binding)).as("the binding itself").anyMatch(MicrometerIsOptionalTest::namesMicrometer);
    }

    @Test
    @DisplayName("capacity-impl declares micrometer-core as an optional dependency")
    void optionalInThePom() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"), UTF_8).replaceAll("\\s+", "");
        assertThat(pom).contains("<artifactId>micrometer-core</artifactId><optional>true</optional>");
    }

    @Test
    @DisplayName("docs/metrics.md names every meter CapacityMetrics registers")
    void documented() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "metrics.md"), UTF_8);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CapacityMetrics.create(registry);
        List<String> names = Stream.concat(registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName),
                Stream.of("capacity.assignments.rejected")).distinct().toList();
        assertThat(names).hasSizeGreaterThan(10)
                .allSatisfy(name -> assertThat(doc).as("docs/metrics.md").contains("`" + name + "`"));
    }
}
