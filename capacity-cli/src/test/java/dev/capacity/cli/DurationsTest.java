package dev.capacity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Durations on the command line")
class DurationsTest {

    @Test
    @DisplayName("parses the short forms and ISO-8601, and names the option when it cannot")
    void parse() {
        assertThat(Durations.parse("--x", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("--x", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("--x", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("--x", "2H")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("--x", "30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Durations.parse("--x", "PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("--x", "p30d")).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> Durations.parse("--grace", "5 minutes")).isInstanceOf(UsageError.class)
                .hasMessage("--grace: not a duration: '5 minutes' (examples: 90s, 5m, 2h, 30d, PT90S)");
    }

    @Test
    @DisplayName("formats for people, leaving out zero parts")
    void format() {
        assertThat(Durations.format(Duration.ofMillis(830))).isEqualTo("830 ms");
        assertThat(Durations.format(Duration.ofMillis(4_200))).isEqualTo("4.2 s");
        assertThat(Durations.format(Duration.ofSeconds(312))).isEqualTo("5m 12s");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.format(Duration.ofMinutes(125))).isEqualTo("2h 5m");
        assertThat(Durations.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(Durations.format(Duration.ofHours(76))).isEqualTo("3d 4h");
    }
}
