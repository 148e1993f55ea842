package dev.capacity.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The published artifacts and the BOM agree: every module that is deployed (its pom does not set
 * {@code maven.deploy.skip}) is in capacity-bom, nothing else is, and each deployed jar ships sources, javadoc and
 * an {@code Automatic-Module-Name}.
 */
@DisplayName("Build settings of the published artifacts")
class BuildSettingsTest {

    /** Surefire runs in the module's folder. */
    private static final Path ROOT = Path.of("..");

    private static List<String> modules() throws IOException {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    private static String pom(String module) throws IOException {
        return Files.readString(ROOT.resolve(module).resolve("pom.xml"));
    }

    /** The module's own artifactId: the first one after its parent block, if any. */
    private static String artifactId(String pom) {
        String own = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
        Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(own);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static boolean deployed(String pom) {
        return !pom.contains("<maven.deploy.skip>true</maven.deploy.skip>");
    }

    @Test
    @DisplayName("capacity-bom manages exactly the deployed artifacts, at the project's version")
    void bomListsEveryDeployedArtifact() throws IOException {
        TreeSet<String> deployed = new TreeSet<>();
        for (String module : modules()) {
            String pom = pom(module);
            if (deployed(pom) && !artifactId(pom).equals("capacity-bom")) {
                deployed.add(artifactId(pom));
            }
        }
        assertThat(deployed).contains("capacity-api", "capacity-impl", "capacity-testkit")
                .doesNotContain("capacity-examples", "capacity-benchmarks", "capacity-cli");

        String bom = pom("capacity-bom");
        TreeSet<String> managed = new TreeSet<>();
        Matcher m = Pattern.compile("<groupId>dev\\.capacity</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*"
                + "<version>\\$\\{project\\.version}</version>").matcher(bom);
        while (m.find()) {
            managed.add(m.group(1));
        }
        assertThat(managed).isEqualTo(deployed);
    }

    @Test
    @DisplayName("every deployed jar attaches sources and javadoc and names its automatic module")
    void deployedJarsShipSourcesAndJavadoc() throws IOException {
        for (String module : modules()) {
            String pom = pom(module);
            if (!deployed(pom) || pom.contains("<packaging>pom</packaging>")) {
                continue;
            }
            String artifact = artifactId(pom);
            assertThat(pom).as(artifact).contains("<artifactId>maven-source-plugin</artifactId>",
                    "<artifactId>maven-javadoc-plugin</artifactId>",
                    "<Automatic-Module-Name>dev.capacity." + artifact.substring("capacity-".length())
                            + "</Automatic-Module-Name>");
        }
    }
}
