package dev.capacity.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docs/getting-started.md quotes GettingStarted.java: every Java block of the guide follows a
 * {@code <!-- GettingStarted.java: NAME -->} marker and must equal the source between {@code // tag::NAME[]} and
 * {@code // end::NAME[]}, without the region's common indentation. Fix a failure by copying the region into the
 * guide (or changing both): the code in the guide is the code that GettingStartedTest runs.
 */
@DisplayName("docs/getting-started.md")
class GettingStartedDocTest {

    /** Surefire runs in the module's folder. */
    private static final Path GUIDE = Path.of("..", "docs", "getting-started.md");
    private static final Path SOURCE = Path.of("src", "main", "java", "dev", "capacity", "examples",
            "GettingStarted.java");
    private static final Path BOM = Path.of("..", "capacity-bom", "pom.xml");

    private static final Pattern REGION = Pattern.compile(
            "(?m)^[ \\t]*// tag::([\\w-]+)\\[]\\n(.*?)^[ \\t]*// end::\\1\\[]\\n", Pattern.DOTALL);
    private static final Pattern BLOCK = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```$", Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile("<!-- GettingStarted\\.java: ([\\w-]+) -->\\n$");

    static Map<String, String> regions() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        Matcher m = REGION.matcher(Files.readString(SOURCE));
        while (m.find()) {
            regions.put(m.group(1), dedent(m.group(2)));
        }
        return regions;
    }

    static String dedent(String text) {
        List<String> lines = text.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }

    /** A fenced block of the guide, with the marker line before it (or null). */
    record Block(String language, String body, String marker) {
    }

    static List<Block> blocks() throws IOException {
        String guide = Files.readString(GUIDE);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(guide);
        while (m.find()) {
            Matcher marker = MARKER.matcher(guide.substring(0, m.start()));
            blocks.add(new Block(m.group(1), m.group(2), marker.find() ? marker.group(1) : null));
        }
        return blocks;
    }

    @Test
    @DisplayName("quotes every Java block verbatim from GettingStarted.java, and every region of it")
    void javaBlocksMatchTheSource() throws IOException {
        Map<String, String> regions = regions();
        assertThat(regions).as("regions in " + SOURCE).isNotEmpty();
        List<String> quoted = new ArrayList<>();
        for (Block block : blocks()) {
            if (!block.language().equals("java")) {
                continue;
            }
            assertThat(block.marker()).as("a Java block without a GettingStarted.java marker:%n%s", block.body())
                    .isNotNull();
            assertThat(regions).as("regions of GettingStarted.java").containsKey(block.marker());
            assertThat(block.body()).as("block '%s' differs from the source region", block.marker())
                    .isEqualTo(regions.get(block.marker()));
            quoted.add(block.marker());
        }
        assertThat(quoted).as("every region of the source is quoted, once, in order")
                .containsExactlyElementsOf(regions.keySet());
    }

    @Test
    @DisplayName("imports the BOM of this version and only names artifacts the BOM manages")
    void dependenciesMatchTheBom() throws IOException {
        String bom = Files.readString(BOM);
        Matcher version = Pattern.compile("<artifactId>capacity-bom</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(bom);
        assertThat(version.find()).isTrue();
        List<Block> xml = blocks().stream().filter(b -> b.language().equals("xml")).toList();
        assertThat(xml).isNotEmpty();
        for (Block block : xml) {
            Matcher dependency = Pattern.compile(
                    "<groupId>dev\\.capacity</groupId>\\s*<artifactId>([\\w-]+)</artifactId>(\\s*<version>([^<]+)"
                            + "</version>)?").matcher(block.body());
            while (dependency.find()) {
                String artifact = dependency.group(1);
                if (artifact.equals("capacity-bom")) {
                    assertThat(dependency.group(3)).as("the BOM version in the guide").isEqualTo(version.group(1));
                } else {
                    assertThat(bom).as("the BOM manages %s", artifact)
                            .contains("<artifactId>" + artifact + "</artifactId>");
                    assertThat(dependency.group(2)).as("%s takes its version from the BOM", artifact).isNull();
                }
            }
        }
    }
}
