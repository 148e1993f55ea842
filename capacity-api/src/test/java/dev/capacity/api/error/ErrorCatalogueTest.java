package dev.capacity.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keeps docs/errors.md, the catalogue clients read, in step with {@link ErrorCode}. */
@DisplayName("The error catalogue docs/errors.md")
class ErrorCatalogueTest {

    /** Surefire runs in the module directory; the docs live at the repository root. */
    private static final Path CATALOGUE = Path.of("..", "docs", "errors.md");

    /** A row of the codes table: {@code | `CODE` | status | …}. */
    private static final Pattern CODE_ROW = Pattern.compile("^\\|\\s*`([A-Z][A-Z0-9_]*)`\\s*\\|([^|]*)\\|");

    private static String text;
    private static List<String> lines;

    @BeforeAll
    static void read() throws IOException {
        assertThat(CATALOGUE).as("the catalogue at %s", CATALOGUE.toAbsolutePath().normalize()).isRegularFile();
        text = Files.readString(CATALOGUE, StandardCharsets.UTF_8);
        lines = text.lines().toList();
    }

    @Test
    @DisplayName("mentions every ErrorCode as `CODE` in backticks")
    void everyCodeMentioned() {
        List<String> missing = Arrays.stream(ErrorCode.values())
                .map(ErrorCode::code)
                .filter(code -> !text.contains("`" + code + "`"))
                .toList();
        assertThat(missing).as("codes missing from %s", CATALOGUE).isEmpty();
    }

    @Test
    @DisplayName("has a table row for every code that states its default HTTP status")
    void everyCodeHasRowWithStatus() {
        List<String> wrong = Arrays.stream(ErrorCode.values())
                .filter(code -> row(code.code()).map(status -> !status.contains(String.valueOf(code.defaultStatus())))
                        .orElse(true))
                .map(code -> code.code() + " (expected status " + code.defaultStatus() + ")")
                .toList();
        assertThat(wrong).as("codes without a row, or with the wrong status, in %s", CATALOGUE).isEmpty();
    }

    @Test
    @DisplayName("lists no code that does not exist, so removed or misspelt codes show up")
    void noUnknownCodes() {
        List<String> unknown = lines.stream()
                .map(CODE_ROW::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .filter(code -> Arrays.stream(ErrorCode.values()).noneMatch(c -> c.code().equals(code)))
                .toList();
        assertThat(unknown).as("rows for codes that ErrorCode does not have").isEmpty();
    }

    @Test
    @DisplayName("names only exception classes that exist in dev.capacity.api.error")
    void classesExist() {
        Pattern classCell = Pattern.compile("^\\|\\s*`[A-Z][A-Z0-9_]*`\\s*\\|[^|]*\\|([^|]*)\\|");
        Pattern className = Pattern.compile("`([A-Z][A-Za-z]+)`");
        List<String> unknown = lines.stream()
                .map(classCell::matcher)
                .filter(Matcher::find)
                .flatMap(m -> className.matcher(m.group(1)).results().map(r -> r.group(1)))
                .distinct()
                .filter(name -> !isErrorClass(name))
                .toList();
        assertThat(unknown).as("exception classes in the codes table that do not exist").isEmpty();
    }

    private static boolean isErrorClass(String simpleName) {
        try {
            return CapacityError.class.isAssignableFrom(Class.forName("dev.capacity.api.error." + simpleName));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The status cell of the code's table row, if there is one. */
    private static Optional<String> row(String code) {
        return lines.stream()
                .map(CODE_ROW::matcher)
                .filter(m -> m.find() && m.group(1).equals(code))
                .map(m -> m.group(2))
                .findFirst();
    }
}
