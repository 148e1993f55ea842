package dev.capacity.impl.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.testkit.postgres.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.GeneratedSerialVersionUID;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.SchemaMappingType;
import org.jooq.meta.jaxb.Target;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the committed jOOQ table classes in {@code dev.capacity.impl.internal.db} in step with the migrations.
 *
 * <p>It migrates a fresh schema, runs jOOQ's code generator against it into a temporary directory and then either
 * compares the result with the committed sources (the normal build: it fails on any drift) or, when the system
 * property {@value #WRITE_PROPERTY} names a source root, replaces the committed package with the result. The
 * {@code jooq-codegen} profile of capacity-impl sets that property:
 *
 * <pre>{@value #REGENERATE_COMMAND}</pre>
 *
 * <p>The generator's input schema is the random test schema; it is mapped to the output schema {@code capacity},
 * which the runtime maps to the host's configured schema with jOOQ's {@code RenderMapping}.
 */
@DisplayName("The committed jOOQ table classes")
class JooqTableClassesTest {

    static final String WRITE_PROPERTY = "capacity.codegen.write";
    static final String REGENERATE_COMMAND =
            "mvn -B -pl capacity-api,capacity-testkit,capacity-impl -am -Pjooq-codegen test";

    private static final String PACKAGE = "dev.capacity.impl.internal.db";
    private static final Path PACKAGE_PATH = Path.of(PACKAGE.replace('.', '/'));
    /** The schema name the generated classes are qualified with. */
    private static final String OUTPUT_SCHEMA = "capacity";
    /** Surefire runs tests in the module directory. */
    private static final Path COMMITTED_SOURCE_ROOT = Path.of("src", "main", "java");

    @Test
    @DisplayName("match what jOOQ generates from the migrations in sql/")
    void matchTheMigrations(@TempDir Path tempDir) throws Exception {
        Path generatedRoot = tempDir.resolve("generated");
        try (TestDatabase db = TestDatabase.create()) {
            GenerationTool.generate(configuration(db, generatedRoot));
        }
        Path generated = generatedRoot.resolve(PACKAGE_PATH);
        writePackageInfos(generated);

        String write = System.getProperty(WRITE_PROPERTY);
        if (write != null && !write.isBlank()) {
            replace(Path.of(write).resolve(PACKAGE_PATH), generated);
            return;
        }
        Path committed = COMMITTED_SOURCE_ROOT.resolve(PACKAGE_PATH);
        List<String> drift = differences(committed, generated);
        assertThat(drift)
                .withFailMessage("The jOOQ table classes in %s do not match the migrations in sql/:%n  %s%n"
                                + "Regenerate them from the repository root with:%n  %s%nand commit the result.",
                        committed.toAbsolutePath(), String.join(System.lineSeparator() + "  ", drift),
                        REGENERATE_COMMAND)
                .isEmpty();
    }

    private static Configuration configuration(TestDatabase db, Path targetRoot) {
        return new Configuration()
                .withLogging(Logging.WARN)
                .withJdbc(new Jdbc()
                        .withDriver("org.postgresql.Driver")
                        .withUrl(db.jdbcUrl())
                        .withUser(db.user())
                        .withPassword(db.password()))
                .withGenerator(new Generator()
                        .withName("org.jooq.codegen.JavaGenerator")
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withSchemata(new SchemaMappingType()
                                        .withInputSchema(db.schema())
                                        .withOutputSchema(OUTPUT_SCHEMA))
                                .withIncludes(".*")
                                .withExcludes("flyway_schema_history")
                                .withIncludeTables(true)
                                .withIncludePrimaryKeys(true)
                                .withIncludeUniqueKeys(true)
                                .withIncludeForeignKeys(true)
                                .withIncludeIndexes(true)
                                // Check constraints are enforced by PostgreSQL; their text as rendered by the server
                                // differs between versions, which would make the output depend on the test server.
                                .withIncludeCheckConstraints(false)
                                .withIncludeSystemCheckConstraints(false)
                                .withIncludeRoutines(false)
                                .withIncludeTriggerRoutines(false)
                                .withIncludeTriggers(false)
                                .withIncludeSequences(false)
                                .withIncludeUDTs(false)
                                .withIncludeDomains(false)
                                // No tstzrange binding in jOOQ OSS 3.19: the library writes tstzrange(?, ?, '[)')
                                // and reads lower()/upper() in plain DSL, so the column only needs to exist.
                                .withForcedTypes(new ForcedType()
                                        .withName("OTHER")
                                        .withIncludeTypes("tstzrange")))
                        .withGenerate(new Generate()
                                .withTables(true)
                                .withRecords(true)
                                .withKeys(true)
                                .withIndexes(true)
                                .withRelations(true)
                                .withImplicitJoinPathsToMany(false)
                                .withPojos(false)
                                .withDaos(false)
                                .withInterfaces(false)
                                .withRoutines(false)
                                .withSequences(false)
                                .withUdts(false)
                                .withEmbeddables(false)
                                .withJavaTimeTypes(true)
                                // tstzrange is mapped to OTHER on purpose (see the forced type above); without this
                                // every use of the column would raise a deprecation warning.
                                .withDeprecationOnUnknownTypes(false)
                                // Deterministic output: no timestamps, versions or serialVersionUIDs.
                                .withGeneratedAnnotation(false)
                                .withGeneratedAnnotationDate(false)
                                .withGeneratedAnnotationJooqVersion(false)
                                .withJooqVersionReference(false)
                                .withGeneratedSerialVersionUID(GeneratedSerialVersionUID.OFF)
                                .withNewline("\n"))
                        .withTarget(new Target()
                                .withPackageName(PACKAGE)
                                .withDirectory(targetRoot.toString())
                                .withEncoding("UTF-8")
                                .withClean(true)));
    }

    /**
     * jOOQ writes no package-info; the generated packages get one that opts them out of the null-marking
     * convention, so that the generated directory is complete and owned by this test.
     */
    private static void writePackageInfos(Path generated) throws IOException {
        List<Path> packages;
        try (Stream<Path> dirs = Files.walk(generated)) {
            packages = dirs.filter(Files::isDirectory).filter(JooqTableClassesTest::containsJava).toList();
        }
        for (Path dir : packages) {
            String name = PACKAGE + (dir.equals(generated) ? ""
                    : "." + generated.relativize(dir).toString().replace(dir.getFileSystem().getSeparator(), "."));
            String source = "/**\n"
                    + " * Generated by jOOQ from the migrations in {@code sql/}: do not edit. Regenerate with\n"
                    + " * {@code " + REGENERATE_COMMAND + "}.\n"
                    + " *\n"
                    + " * <p>Generated code carries no nullness annotations, so this package is excluded from the\n"
                    + " * {@code @NullMarked} convention.\n"
                    + " */\n"
                    + "@NullUnmarked\n"
                    + "package " + name + ";\n"
                    + "\n"
                    + "import org.jspecify.annotations.NullUnmarked;\n";
            Files.writeString(dir.resolve("package-info.java"), source, StandardCharsets.UTF_8);
        }
    }

    private static boolean containsJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code committed} with {@code generated}, deleting stale files. */
    private static void replace(Path committed, Path generated) throws IOException {
        if (Files.exists(committed)) {
            try (Stream<Path> paths = Files.walk(committed)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        for (String file : files(generated)) {
            Path target = committed.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(generated.resolve(file), target);
        }
    }

    /** Relative paths (with '/') of the files that are missing, extra or different, with what is wrong. */
    private static List<String> differences(Path committed, Path generated) throws IOException {
        Set<String> expected = files(generated);
        Set<String> actual = Files.isDirectory(committed) ? files(committed) : Set.of();
        Set<String> all = new TreeSet<>(expected);
        all.addAll(actual);
        List<String> drift = new ArrayList<>();
        for (String file : all) {
            if (!actual.contains(file)) {
                drift.add(file + " (missing: jOOQ generates it, but it is not committed)");
            } else if (!expected.contains(file)) {
                drift.add(file + " (stale: committed, but jOOQ no longer generates it)");
            } else if (!content(committed.resolve(file)).equals(content(generated.resolve(file)))) {
                drift.add(file + " (content differs)");
            }
        }
        return drift;
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            Set<String> files = new TreeSet<>();
            paths.filter(Files::isRegularFile)
                    .forEach(p -> files.add(root.relativize(p).toString().replace('\\', '/')));
            return files;
        }
    }

    /** File content with line endings normalised, so that a checkout with CRLF does not count as drift. */
    private static String content(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
