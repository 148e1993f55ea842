package dev.capacity.api.error;

import static dev.capacity.api.error.ErrorFixtures.EXPIRES;
import static dev.capacity.api.error.ErrorFixtures.HOLD;
import static dev.capacity.api.error.ErrorFixtures.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Problem bodies")
class ProblemTest {

    private static Problem problem(String detail, Map<String, Object> extensions) {
        return new Problem("urn:t", "T", 409, detail, null, extensions);
    }

    @Nested
    @DisplayName("the Problem record")
    class Record {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"type", "title", "status", "detail", "instance"})
        @DisplayName("rejects an extension that redefines a standard member, naming it")
        void rejectsStandardMemberAsExtension(String member) {
            assertThatIllegalArgumentException().isThrownBy(() -> problem("d", Map.of(member, "x")))
                    .withMessageContaining("'" + member + "'");
        }

        @Test
        @DisplayName("accepts statuses 100 to 599 and rejects anything outside")
        void statusRange() {
            assertThat(new Problem("t", "T", 100, "d", null, Map.of()).status()).isEqualTo(100);
            assertThat(new Problem("t", "T", 599, "d", null, Map.of()).status()).isEqualTo(599);
            assertThatIllegalArgumentException().isThrownBy(() -> new Problem("t", "T", 99, "d", null, Map.of()))
                    .withMessageContaining("99");
            assertThatIllegalArgumentException().isThrownBy(() -> new Problem("t", "T", 600, "d", null, Map.of()))
                    .withMessageContaining("600");
        }

        @Test
        @DisplayName("rejects null type, title, detail and extensions, naming them")
        void nulls() {
            assertThatNullPointerException().isThrownBy(() -> new Problem(null, "T", 400, "d", null, Map.of()))
                    .withMessage("type");
            assertThatNullPointerException().isThrownBy(() -> new Problem("t", null, 400, "d", null, Map.of()))
                    .withMessage("title");
            assertThatNullPointerException().isThrownBy(() -> new Problem("t", "T", 400, null, null, Map.of()))
                    .withMessage("detail");
            assertThatNullPointerException().isThrownBy(() -> new Problem("t", "T", 400, "d", null, null))
                    .withMessage("extensions");
        }

        @Test
        @DisplayName("copies the extensions in insertion order and does not let them be changed")
        void extensionsCopied() {
            Map<String, Object> ext = new LinkedHashMap<>();
            ext.put("zeta", 1);
            ext.put("alpha", 2);
            Problem p = problem("d", ext);
            ext.put("late", 3);
            assertThat(p.extensions().keySet()).containsExactly("zeta", "alpha");
            assertThatThrownBy(() -> p.extensions().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        @DisplayName("toMap() puts the standard members first and leaves out a null instance")
        void toMapOrder() {
            Problem without = problem("d", Map.of("code", "X"));
            assertThat(without.toMap().keySet()).containsExactly("type", "title", "status", "detail", "code");
            Problem with = new Problem("t", "T", 404, "d", "/holds/1", Map.of("code", "X"));
            assertThat(with.toMap().keySet()).containsExactly("type", "title", "status", "detail", "instance", "code");
            assertThatThrownBy(() -> with.toMap().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    @DisplayName("toJson()")
    class ToJson {

        @Test
        @DisplayName("escapes quotes, backslashes and the named control characters")
        void namedEscapes() {
            assertThat(problem("say \"hi\" \\ \n\r\t\b\f", Map.of()).toJson())
                    .isEqualTo("{\"type\":\"urn:t\",\"title\":\"T\",\"status\":409,"
                            + "\"detail\":\"say \\\"hi\\\" \\\\ \\n\\r\\t\\b\\f\"}");
        }

        @Test
        @DisplayName("escapes the other control characters and U+2028/U+2029 as \\u00XX")
        void unicodeEscapes() {
            assertThat(problem("\u0000\u0001\u001f\u2028\u2029\u007f", Map.of()).toJson())
                    .contains("\"detail\":\"\\u0000\\u0001\\u001f\\u2028\\u2029\u007f\"");
        }

        @Test
        @DisplayName("keeps other unicode, including surrogate pairs, as is")
        void unicodeAsIs() {
            assertThat(problem("Café 日本 🍷", Map.of()).toJson()).contains("\"detail\":\"Café 日本 🍷\"");
        }

        @Test
        @DisplayName("escapes an unpaired surrogate, which UTF-8 could not carry")
        void loneSurrogate() {
            String highOnly = "x\ud83cy";
            String lowOnly = "x\udf77";
            assertThat(problem(highOnly, Map.of()).toJson()).contains("\"detail\":\"x\\ud83cy\"");
            assertThat(problem(lowOnly, Map.of()).toJson()).contains("\"detail\":\"x\\udf77\"");
            assertThat(problem("end\ud83c", Map.of()).toJson()).contains("\"detail\":\"end\\ud83c\"");
        }

        @Test
        @DisplayName("encodes numbers, booleans, null, lists, nested maps and other objects")
        void valueTypes() {
            Map<String, Object> ext = new LinkedHashMap<>();
            ext.put("int", 7);
            ext.put("long", 9_000_000_000L);
            ext.put("double", 1.5);
            ext.put("decimal", new BigDecimal("2.50"));
            ext.put("yes", true);
            ext.put("nothing", null);
            ext.put("list", List.of(1, "two", List.of()));
            ext.put("map", Map.of("k", Map.of()));
            ext.put("instant", Instant.parse("2030-01-01T18:00:00Z"));
            ext.put("table", TABLE);
            assertThat(problem("d", ext).toJson()).endsWith("\"detail\":\"d\",\"int\":7,\"long\":9000000000,"
                    + "\"double\":1.5,\"decimal\":2.50,\"yes\":true,\"nothing\":null,\"list\":[1,\"two\",[]],"
                    + "\"map\":{\"k\":{}},\"instant\":\"2030-01-01T18:00:00Z\",\"table\":\"" + TABLE + "\"}");
        }

        @Test
        @DisplayName("writes NaN and infinities as strings, since JSON has no such numbers")
        void nonFiniteNumbers() {
            Map<String, Object> ext = new LinkedHashMap<>();
            ext.put("nan", Double.NaN);
            ext.put("inf", Float.NEGATIVE_INFINITY);
            assertThat(problem("d", ext).toJson()).endsWith(",\"nan\":\"NaN\",\"inf\":\"-Infinity\"}");
        }

        @Test
        @DisplayName("escapes keys like strings")
        void keysEscaped() {
            assertThat(problem("d", Map.of("a\"b", 1)).toJson()).endsWith(",\"a\\\"b\":1}");
        }

        @Test
        @DisplayName("never contains a raw control character, for every kind of error")
        void noRawControlCharacters() {
            for (CapacityError e : List.<CapacityError>of(new HoldExpired(HOLD, EXPIRES),
                    new InternalFailure("line one\nline two\u0007", null),
                    new DuplicateName("zone", "tab\there", null))) {
                String json = e.toProblem().toJson();
                assertThat(json.chars().filter(c -> c < 0x20)).as(json).isEmpty();
            }
        }
    }

    @Nested
    @DisplayName("ProblemMapping")
    class Mapping {

        private final HoldExpired expired = new HoldExpired(HOLD, EXPIRES);

        private final ProblemMapping host = new ProblemMapping() {
            @Override
            public int status(CapacityError error) {
                return error.code() == ErrorCode.HOLD_EXPIRED ? 410 : ProblemMapping.super.status(error);
            }

            @Override
            public String type(CapacityError error) {
                return "https://errors.example.com/" + error.code().code();
            }

            @Override
            public String instance(CapacityError error) {
                return "/holds/" + HOLD;
            }
        };

        @Test
        @DisplayName("the defaults keep the error's status, a urn type and no instance")
        void defaults() {
            assertThat(ProblemMapping.defaults()).isSameAs(ProblemMapping.defaults());
            assertThat(ProblemMapping.defaults().status(expired)).isEqualTo(409);
            assertThat(ProblemMapping.defaults().type(expired)).isEqualTo("urn:capacity:problem:hold-expired");
            assertThat(ProblemMapping.defaults().instance(expired)).isNull();
            assertThat(expired.toProblem(ProblemMapping.defaults())).isEqualTo(expired.toProblem());
        }

        @Test
        @DisplayName("a host's status, type and instance are used in the body")
        void overridesHonoured() {
            Problem p = expired.toProblem(host);
            assertThat(p.status()).isEqualTo(410);
            assertThat(p.type()).isEqualTo("https://errors.example.com/HOLD_EXPIRED");
            assertThat(p.instance()).isEqualTo("/holds/" + HOLD);
            assertThat(p.toJson()).startsWith("{\"type\":\"https://errors.example.com/HOLD_EXPIRED\","
                    + "\"title\":\"Hold expired\",\"status\":410,\"detail\":\"" + expired.getMessage() + "\","
                    + "\"instance\":\"/holds/" + HOLD + "\",\"code\":\"HOLD_EXPIRED\"");
        }

        @Test
        @DisplayName("overriding changes only the body: the error's own status and extensions stay")
        void errorUnchanged() {
            Problem p = expired.toProblem(host);
            assertThat(expired.httpStatus()).isEqualTo(409);
            assertThat(p.extensions()).isEqualTo(expired.toProblem().extensions());
        }

        @Test
        @DisplayName("a partial override falls back to the defaults for the rest")
        void partialOverride() {
            ProblemMapping statusOnly = new ProblemMapping() {
                @Override
                public int status(CapacityError error) {
                    return 400;
                }
            };
            Problem p = new TableNotFound(TABLE).toProblem(statusOnly);
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.type()).isEqualTo("urn:capacity:problem:table-not-found");
            assertThat(p.instance()).isNull();
        }

        @Test
        @DisplayName("toProblem(null) throws an NPE naming 'mapping'")
        void nullMapping() {
            assertThatNullPointerException().isThrownBy(() -> expired.toProblem(null)).withMessage("mapping");
        }
    }
}
