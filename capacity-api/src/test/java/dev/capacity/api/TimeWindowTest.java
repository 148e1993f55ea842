package dev.capacity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("TimeWindow")
class TimeWindowTest {

    private static final Instant T18 = Instant.parse("2030-01-01T18:00:00Z");
    private static final Instant T19 = Instant.parse("2030-01-01T19:00:00Z");
    private static final Instant T20 = Instant.parse("2030-01-01T20:00:00Z");
    private static final Instant T22 = Instant.parse("2030-01-01T22:00:00Z");
    private static final Duration MICRO = Duration.ofNanos(1_000);

    @Nested
    @DisplayName("construction")
    class Construction {

        @Test
        @DisplayName("a null start throws an NPE naming 'start'")
        void nullStart() {
            assertThatNullPointerException().isThrownBy(() -> new TimeWindow(null, T20)).withMessage("start");
            assertThatNullPointerException().isThrownBy(() -> TimeWindow.of(null, T20)).withMessage("start");
        }

        @Test
        @DisplayName("a null end throws an NPE naming 'end'")
        void nullEnd() {
            assertThatNullPointerException().isThrownBy(() -> new TimeWindow(T18, null)).withMessage("end");
        }

        @Test
        @DisplayName("an end equal to the start throws an IAE mentioning 'end'")
        void emptyWindow() {
            assertThatIllegalArgumentException().isThrownBy(() -> TimeWindow.of(T18, T18))
                    .withMessageContaining("end");
        }

        @Test
        @DisplayName("an end before the start throws an IAE mentioning 'end' and both instants")
        void reversedWindow() {
            assertThatIllegalArgumentException().isThrownBy(() -> TimeWindow.of(T20, T18))
                    .withMessageContaining("end")
                    .withMessageContaining(T20.toString())
                    .withMessageContaining(T18.toString());
        }

        @Test
        @DisplayName("an end less than a microsecond after the start is empty after truncation and rejected")
        void subMicrosecondWindow() {
            assertThatIllegalArgumentException().isThrownBy(() -> TimeWindow.of(T18, T18.plusNanos(999)))
                    .withMessageContaining("end");
        }

        @Test
        @DisplayName("instants are truncated to microseconds, the precision of timestamptz")
        void truncatesToMicros() {
            TimeWindow w = TimeWindow.of(T18.plusNanos(123_456_789), T20.plusNanos(999_999_999));
            assertThat(w.start()).isEqualTo(T18.plusNanos(123_456_000));
            assertThat(w.end()).isEqualTo(T20.plusNanos(999_999_000));
        }

        @Test
        @DisplayName("windows that differ only below a microsecond are equal")
        void equalAfterTruncation() {
            assertThat(TimeWindow.of(T18.plusNanos(1), T20.plusNanos(999)))
                    .isEqualTo(TimeWindow.of(T18, T20))
                    .hasSameHashCodeAs(TimeWindow.of(T18, T20));
        }

        @Test
        @DisplayName("starting() builds [start, start + length)")
        void starting() {
            assertThat(TimeWindow.starting(T18, Duration.ofHours(2))).isEqualTo(TimeWindow.of(T18, T20));
        }

        @Test
        @DisplayName("starting() rejects a zero or negative length with an IAE mentioning 'length'")
        void startingRejectsNonPositiveLength() {
            assertThatIllegalArgumentException().isThrownBy(() -> TimeWindow.starting(T18, Duration.ZERO))
                    .withMessageContaining("length");
            assertThatIllegalArgumentException().isThrownBy(() -> TimeWindow.starting(T18, Duration.ofMinutes(-1)))
                    .withMessageContaining("length");
        }

        @Test
        @DisplayName("starting() rejects a length that overflows Instant with an IAE mentioning 'length', not a "
                + "DateTimeException or ArithmeticException")
        void startingRejectsOverflowingLength() {
            assertThatIllegalArgumentException().isThrownBy(() -> TimeWindow.starting(Instant.MAX, Duration.ofNanos(1)))
                    .withMessageContaining("length");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> TimeWindow.starting(T18, Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)))
                    .withMessageContaining("length");
        }

        @Test
        @DisplayName("starting() rejects nulls with NPEs naming the argument")
        void startingRejectsNulls() {
            assertThatNullPointerException().isThrownBy(() -> TimeWindow.starting(null, Duration.ofHours(1)))
                    .withMessage("start");
            assertThatNullPointerException().isThrownBy(() -> TimeWindow.starting(T18, null)).withMessage("length");
        }

        @Test
        @DisplayName("duration() is end minus start and toString() shows the half-open form")
        void durationAndText() {
            TimeWindow w = TimeWindow.of(T18, T20);
            assertThat(w.duration()).isEqualTo(Duration.ofHours(2));
            assertThat(w).hasToString("[2030-01-01T18:00:00Z, 2030-01-01T20:00:00Z)");
        }
    }

    @Nested
    @DisplayName("overlaps()")
    class Overlaps {

        @Test
        @DisplayName("touching windows [18:00,20:00) and [20:00,22:00) do not overlap, in either order")
        void touchingDoNotOverlap() {
            TimeWindow early = TimeWindow.of(T18, T20);
            TimeWindow late = TimeWindow.of(T20, T22);
            assertThat(early.overlaps(late)).isFalse();
            assertThat(late.overlaps(early)).isFalse();
        }

        @Test
        @DisplayName("windows sharing one microsecond overlap")
        void oneMicrosecondOverlaps() {
            TimeWindow early = TimeWindow.of(T18, T20);
            TimeWindow late = TimeWindow.of(T20.minus(MICRO), T22);
            assertThat(early.overlaps(late)).isTrue();
            assertThat(late.overlaps(early)).isTrue();
        }

        @Test
        @DisplayName("disjoint windows with a gap do not overlap")
        void disjoint() {
            assertThat(TimeWindow.of(T18, T19).overlaps(TimeWindow.of(T20, T22))).isFalse();
        }

        @Test
        @DisplayName("a window overlaps itself, windows inside it and windows around it")
        void containment() {
            TimeWindow outer = TimeWindow.of(T18, T22);
            TimeWindow inner = TimeWindow.of(T19, T20);
            assertThat(outer.overlaps(outer)).isTrue();
            assertThat(outer.overlaps(inner)).isTrue();
            assertThat(inner.overlaps(outer)).isTrue();
        }

        @Test
        @DisplayName("a null window throws an NPE naming 'other'")
        void nullOther() {
            assertThatNullPointerException().isThrownBy(() -> TimeWindow.of(T18, T20).overlaps(null))
                    .withMessage("other");
        }
    }

    @Nested
    @DisplayName("contains()")
    class Contains {

        private final TimeWindow window = TimeWindow.of(T18, T20);

        @Test
        @DisplayName("the start is inside (closed lower bound)")
        void startInside() {
            assertThat(window.contains(T18)).isTrue();
        }

        @Test
        @DisplayName("the end is outside (open upper bound) and the last microsecond before it is inside")
        void endOutside() {
            assertThat(window.contains(T20)).isFalse();
            assertThat(window.contains(T20.minus(MICRO))).isTrue();
            assertThat(window.contains(T20.minusNanos(1))).isTrue();
        }

        @Test
        @DisplayName("instants before the start or after the end are outside")
        void outside() {
            assertThat(window.contains(T18.minusNanos(1))).isFalse();
            assertThat(window.contains(T22)).isFalse();
        }

        @Test
        @DisplayName("a null instant throws an NPE naming 'instant'")
        void nullInstant() {
            assertThatNullPointerException().isThrownBy(() -> window.contains(null)).withMessage("instant");
        }
    }
}
