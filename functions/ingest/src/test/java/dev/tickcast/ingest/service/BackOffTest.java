package dev.tickcast.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BackOffTest {
    private static final Duration INITIAL = Duration.ofSeconds(30);
    private static final Duration MAX = Duration.ofMinutes(30);

    @Test
    void doublesPerFailureUpToTheCap() {
        BackOff middle = new BackOff(INITIAL, MAX, () -> 0.5); // jitter factor exactly 1
        assertThat(middle.after(1, Optional.empty())).isEqualTo(Duration.ofSeconds(30));
        assertThat(middle.after(2, Optional.empty())).isEqualTo(Duration.ofSeconds(60));
        assertThat(middle.after(4, Optional.empty())).isEqualTo(Duration.ofSeconds(240));
        assertThat(middle.after(7, Optional.empty())).isEqualTo(MAX);
        assertThat(middle.after(1000, Optional.empty())).isEqualTo(MAX);
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        assertThat(new BackOff(INITIAL, MAX, () -> 0.0).after(2, Optional.empty())).isEqualTo(Duration.ofSeconds(48));
        assertThat(new BackOff(INITIAL, MAX, () -> 0.999999).after(2, Optional.empty())).isEqualTo(Duration.ofSeconds(72));
        assertThat(new BackOff(INITIAL, MAX, () -> 0.999999).after(20, Optional.empty())).as("never above the cap").isEqualTo(MAX);
    }

    @Test
    void aLongerRetryAfterFromTheServerWins() {
        BackOff backOff = new BackOff(INITIAL, MAX, () -> 0.5);
        assertThat(backOff.after(1, Optional.of(Duration.ofSeconds(120)))).isEqualTo(Duration.ofSeconds(120));
        assertThat(backOff.after(3, Optional.of(Duration.ofSeconds(5)))).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void aNonsensicalConfigurationIsRefused() {
        assertThatThrownBy(() -> new BackOff(Duration.ZERO, MAX)).hasMessageStartingWith("back-off: initial must be positive");
        assertThatThrownBy(() -> new BackOff(MAX, INITIAL)).hasMessageContaining("at most max");
    }
}
