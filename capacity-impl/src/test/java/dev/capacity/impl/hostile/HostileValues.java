package dev.capacity.impl.hostile;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The hostile values the generator draws from: strings, numbers, instants and durations at and beyond every
 * boundary the library has (its text limits, PostgreSQL's {@code text}, {@code jsonb} and {@code timestamptz},
 * Java's {@code Instant} and {@code Duration}), next to ordinary values so that calls also succeed and their
 * results can be read back.
 */
final class HostileValues {

    /** The instant every run starts at. */
    static final Instant T0 = Instant.parse("2030-03-01T12:00:00Z");

    /** Ten megabytes of text; built once. */
    static final String TEN_MB = "x".repeat(10 * 1024 * 1024);

    /** Texts nobody should reject, up to the shortest limit (100 characters), including unicode of every kind. */
    static final List<Sample<String>> ORDINARY_TEXT = List.of(
            Sample.ok("plain", "Terrace"),
            Sample.ok("sql-drop", "'; DROP TABLE zones; --"),
            Sample.ok("sql-delete", "Robert'); DELETE FROM holds WHERE true; --"),
            Sample.ok("dollar-quote", "$$; DROP TABLE allocations; $$"),
            Sample.ok("percent", "%"),
            Sample.ok("underscore", "_"),
            Sample.ok("like-pattern", "%_\\%\\_[a-z]*"),
            Sample.ok("backslashes", "\\\\\\'\\\"\\u0000\\x00\\"),
            Sample.ok("e-string", "E'\\x00' || chr(0)"),
            Sample.ok("json-object", "{\"a\":{\"b\":[1,{\"c\":null}]},\"d\":\"\\u0000\"}"),
            Sample.ok("rtl", "\u202Eevil\u202C مرحبا שלום"),
            Sample.ok("emoji-zwj", "👨‍👩‍👧‍👦🍽️🇫🇷"),
            Sample.ok("combining", "Z\u0351\u0352\u0353a\u0301\u0302\u0303e\u0300"),
            Sample.ok("control", "\u0001\u0007\b\f\u001b\u007f"),
            Sample.ok("newlines", "line1\nline2\r\n\tend"),
            Sample.ok("bom-separators", "\uFEFF\u2028\u2029\u00A0"),
            Sample.ok("cjk", "窓際の席"),
            Sample.ok("emoji-100", "😀".repeat(100)),
            Sample.ok("quote-only", "'"),
            Sample.ok("double-quote", "\""),
            Sample.ok("case-variant", "MAIN"));

    /** Texts that are blank, too long or not storable: rejected (or, for an optional field, null). */
    static final List<Sample<String>> BAD_TEXT = List.of(
            Sample.ok("empty", ""),
            Sample.ok("blank", "  \t "),
            Sample.ok("10MB", TEN_MB),
            Sample.ok("201-chars", "y".repeat(201)),
            Sample.ok("2001-chars", "z".repeat(2001)),
            Sample.ok("nul", "a\u0000b"),
            Sample.ok("nul-only", "\u0000"),
            Sample.ok("lone-high-surrogate", "x\uD83Dy"),
            Sample.ok("lone-low-surrogate", "\uDE00"),
            Sample.ok("reversed-surrogates", "\uDE00\uD83D"),
            Sample.ok("10MB-nul", TEN_MB.substring(0, 1 << 20) + "\u0000"));

    /** Integers at every boundary. */
    static final List<Integer> INTS = List.of(0, 1, -1, 2, 3, 4, 6, 8, 12, 1_000_000, Integer.MAX_VALUE,
            Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1);

    /** Instants at and beyond the ends of PostgreSQL's timestamptz and Java's Instant. */
    static final List<Sample<Instant>> EXTREME_INSTANTS = List.of(
            Sample.ok("Instant.MIN", Instant.MIN),
            Sample.ok("Instant.MAX", Instant.MAX),
            Sample.ok("epoch", Instant.EPOCH),
            Sample.ok("year-1", year(1)),
            Sample.ok("year-0", year(0)),
            Sample.ok("year-9999-end", Instant.parse("9999-12-31T23:00:00Z")),
            Sample.ok("year-10000", year(10_000)),
            Sample.ok("4714-BC", year(-4713)),
            Sample.ok("294276-AD", year(294_276)),
            Sample.ok("294277-AD", year(294_277)),
            Sample.ok("year-minus-1M", year(-1_000_000)),
            Sample.ok("Instant.MAX-1s", Instant.MAX.minusSeconds(1)),
            Sample.ok("nanos", T0.plusNanos(1)));

    /** Durations at every boundary. */
    static final List<Sample<Duration>> DURATIONS = List.of(
            Sample.ok("zero", Duration.ZERO),
            Sample.ok("-1ns", Duration.ofNanos(-1)),
            Sample.ok("-1d", Duration.ofDays(-1)),
            Sample.ok("1ns", Duration.ofNanos(1)),
            Sample.ok("999ns", Duration.ofNanos(999)),
            Sample.ok("1us", Duration.ofNanos(1000)),
            Sample.ok("1ms", Duration.ofMillis(1)),
            Sample.ok("1s", Duration.ofSeconds(1)),
            Sample.ok("5m", Duration.ofMinutes(5)),
            Sample.ok("30m", Duration.ofMinutes(30)),
            Sample.ok("30m+1ns", Duration.ofMinutes(30).plusNanos(1)),
            Sample.ok("1d", Duration.ofDays(1)),
            Sample.ok("25d", Duration.ofDays(25)),
            Sample.ok("400d", Duration.ofDays(400)),
            Sample.ok("10000y", Duration.ofDays(3_652_425)),
            Sample.ok("Duration.MAX", Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)),
            Sample.ok("Duration.MIN", Duration.ofSeconds(Long.MIN_VALUE)));

    private HostileValues() {
    }

    static Instant year(int year) {
        return OffsetDateTime.of(year, 6, 1, 19, 0, 0, 0, ZoneOffset.UTC).toInstant();
    }

    static <T> T pick(SplittableRandom r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    /** Ordinary instants around {@link #T0}, with the extreme ones mixed in. */
    static List<Sample<Instant>> instants() {
        List<Sample<Instant>> all = new ArrayList<>(EXTREME_INSTANTS);
        for (int hours : new int[] {-24 * 40, -24 * 35, -3, 0, 2, 6, 8, 30, 24 * 7}) {
            all.add(Sample.ok("T0" + (hours < 0 ? "" : "+") + hours + "h", T0.plusSeconds(hours * 3600L)));
        }
        return List.copyOf(all);
    }
}
