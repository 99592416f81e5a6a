package dev.tickcast.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void replayAcceptsBothPairSpellingsAndRejectsOthers() {
        assertThat(ReplayCommand.normalisePair("ETH-EUR")).isEqualTo("ETH/EUR");
        assertThat(ReplayCommand.normalisePair("BTC/USD")).isEqualTo("BTC/USD");
        assertThatThrownBy(() -> ReplayCommand.normalisePair("btcusd")).hasMessageStartingWith("--pair: must be");
        assertThat(new Speed().convert("max")).isZero();
        assertThat(new Speed().convert("120")).isEqualTo(120.0);
        assertThatThrownBy(() -> new Speed().convert("-1")).hasMessageStartingWith("--speed: must be");
    }
}
