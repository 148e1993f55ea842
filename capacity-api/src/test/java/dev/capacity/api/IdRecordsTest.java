package dev.capacity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Id records")
class IdRecordsTest {

    /** One id record type, seen through its factory methods, so every test runs for all six. */
    record IdType<T extends Comparable<T>>(
            Function<UUID, T> constructor,
            Function<UUID, T> of,
            Function<String, T> parse,
            Supplier<T> random,
            Function<T, UUID> value) {
    }

    static Stream<Arguments> idTypes() {
        return Stream.of(
                type("AllocationId", new IdType<>(AllocationId::new, AllocationId::of, AllocationId::parse,
                        AllocationId::random, AllocationId::value)),
                type("BookingId", new IdType<>(BookingId::new, BookingId::of, BookingId::parse,
                        BookingId::random, BookingId::value)),
                type("HoldId", new IdType<>(HoldId::new, HoldId::of, HoldId::parse, HoldId::random, HoldId::value)),
                type("RestaurantId", new IdType<>(RestaurantId::new, RestaurantId::of, RestaurantId::parse,
                        RestaurantId::random, RestaurantId::value)),
                type("TableId", new IdType<>(TableId::new, TableId::of, TableId::parse, TableId::random,
                        TableId::value)),
                type("ZoneId", new IdType<>(ZoneId::new, ZoneId::of, ZoneId::parse, ZoneId::random, ZoneId::value)));
    }

    private static Arguments type(String name, IdType<?> type) {
        return Arguments.of(Named.of(name, type));
    }

    private static final UUID SAMPLE = UUID.fromString("3f0c5a1e-8d2b-4c7a-9e11-0a2b3c4d5e6f");

    @Nested
    @DisplayName("construction")
    class Construction {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.capacity.api.IdRecordsTest#idTypes")
        @DisplayName("the constructor rejects null with an NPE naming 'value'")
        <T extends Comparable<T>> void constructorRejectsNull(IdType<T> type) {
            assertThatNullPointerException().isThrownBy(() -> type.constructor().apply(null)).withMessage("value");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.capacity.api.IdRecordsTest#idTypes")
        @DisplayName("of() rejects null with an NPE naming 'value'")
        <T extends Comparable<T>> void ofRejectsNull(IdType<T> type) {
            assertThatNullPointerException().isThrownBy(() -> type.of().apply(null)).withMessage("value");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.capacity.api.IdRecordsTest#idTypes")
        @DisplayName("of() and the constructor give equal ids that keep the UUID")
        <T extends Comparable<T>> void ofEqualsConstructor(IdType<T> type) {
            T viaOf = type.of().apply(SAMPLE);
            assertThat(viaOf).isEqualTo(type.constructor().apply(SAMPLE))
                    .hasSameHashCodeAs(type.constructor().apply(SAMPLE));
            assertThat(type.value().apply(viaOf)).isEqualTo(SAMPLE);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.capacity.api.IdRecordsTest#idTypes")
        @DisplayName("random() gives a fresh version 4 id every time")
        <T extends Comparable<T>> void randomIsFresh(IdType<T> type) {
            T a = type.random().get();
            T b = type.random().get();
            assertThat(a).isNotEqualTo(b);
            assertThat(type.value().apply(a).version()).isEqualTo(4);
        }
    }

    @Nested
    @DisplayName("text form")
    class TextForm {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.capacity.api.IdRecordsTest#idTypes")
        @DisplayName("toString() is the canonical UUID and parse() reads it back")
        <T extends Comparable<T>> void roundTrip(IdType<T> type) {
            T id = type.of().apply(SAMPLE);
            assertThat(id).hasToString("3f0c5a1e-8d2b-4c7a-9e11-0a2b3c4d5e6f");
            assertThat(type.parse().apply(id.toString())).isEqualTo(id);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.capacity.api.IdRecordsTest#idTypes")
        @DisplayName("parse() of text that is not a UUID throws an IAE quoting the text")
        <T extends Comparable<T>> void parseRejectsBadText(IdType<T> type) {
            for (String bad : List.of("", "not-a-uuid", "3f0c5a1e-8d2b-4c7a-9e11-0a2b3c4d5e6fff",
                    "3f0c5a1e-8d2b-4c7a-9e11-0a2b3c4d5e6g", "3f0c5a1e8d2b4c7a9e110a2b3c4d5e6f",
                    " 3f0c5a1e-8d2b-4c7a-9e11-0a2b3c4d5e6", "3f0c5a1e-8d2b-4c7a-9e11+0a2b3c4d5e6f",
                    "{3f0c5a1e-8d2b-4c7a-9e11-0a2b3c4d5e6}", "3f0c5a1e-8d2b-4c7a-9e11-0a2b3c4d5e6\uff10")) {
                assertThatIllegalArgumentException().as(bad)
                        .isThrownBy(() -> type.parse().apply(bad))
                        .withMessageContaining("not a UUID");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.capacity.api.IdRecordsTest#idTypes")
        @DisplayName("parse() rejects the shortened groups UUID.fromString would accept, like 1-1-1-1-1")
        <T extends Comparable<T>> void parseIsStrict(IdType<T> type) {
            assertThatIllegalArgumentException().isThrownBy(() -> type.parse().apply("1-1-1-1-1"))
                    .withMessage("text is not a UUID: 1-1-1-1-1");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.capacity.api.IdRecordsTest#idTypes")
        @DisplayName("parse() accepts upper-case hex digits, as PostgreSQL does")
        <T extends Comparable<T>> void parseUpperCase(IdType<T> type) {
            assertThat(type.parse().apply("3F0C5A1E-8D2B-4C7A-9E11-0A2B3C4D5E6F")).isEqualTo(type.of().apply(SAMPLE));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.capacity.api.IdRecordsTest#idTypes")
        @DisplayName("parse() of null throws an NPE naming 'text'")
        <T extends Comparable<T>> void parseRejectsNull(IdType<T> type) {
            assertThatNullPointerException().isThrownBy(() -> type.parse().apply(null)).withMessage("text");
        }
    }

    @Nested
    @DisplayName("ordering")
    class Ordering {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.capacity.api.IdRecordsTest#idTypes")
        @DisplayName("compareTo treats the UUID as unsigned, like PostgreSQL, unlike UUID.compareTo")
        <T extends Comparable<T>> void unsignedOrder(IdType<T> type) {
            // The high bit set makes the most significant long negative: signed comparison puts it first.
            T low = type.of().apply(UUID.fromString("7fffffff-ffff-4fff-bfff-ffffffffffff"));
            T high = type.of().apply(UUID.fromString("80000000-0000-4000-8000-000000000000"));
            assertThat(low.compareTo(high)).isNegative();
            assertThat(high.compareTo(low)).isPositive();
            assertThat(type.value().apply(low).compareTo(type.value().apply(high))).isPositive();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.capacity.api.IdRecordsTest#idTypes")
        @DisplayName("compareTo compares the low 64 bits unsigned when the high bits are equal, and equal ids give 0")
        <T extends Comparable<T>> void unsignedLowBits(IdType<T> type) {
            T low = type.of().apply(UUID.fromString("00000000-0000-4000-7fff-ffffffffffff"));
            T high = type.of().apply(UUID.fromString("00000000-0000-4000-8000-000000000000"));
            assertThat(low.compareTo(high)).isNegative();
            assertThat(low.compareTo(type.of().apply(type.value().apply(low)))).isZero();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.capacity.api.IdRecordsTest#idTypes")
        @DisplayName("sorting ids gives the order of their canonical text, which is PostgreSQL's uuid order")
        <T extends Comparable<T>> void sortsLikeText(IdType<T> type) {
            // Canonical text is fixed-width lower-case hex, so comparing it as text compares the 16 bytes
            // unsigned, which is exactly what PostgreSQL's uuid comparison does.
            Random random = new Random(42);
            List<T> ids = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                ids.add(type.of().apply(new UUID(random.nextLong(), random.nextLong())));
            }
            List<T> byCompareTo = ids.stream().sorted().toList();
            List<T> byText = ids.stream().sorted(Comparator.comparing(Object::toString)).toList();
            assertThat(byCompareTo).containsExactlyElementsOf(byText);
        }
    }
}
