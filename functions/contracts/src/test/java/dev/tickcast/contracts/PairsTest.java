package dev.tickcast.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PairsTest {
    @Test
    void convertsBetweenUrlAndEventForm() {
        assertThat(Pairs.fromUrl("BTC-USD")).isEqualTo("BTC/USD");
        assertThat(Pairs.toUrl("ETH/EUR")).isEqualTo("ETH-EUR");
    }

    @Test
    void rejectsAnythingElseNamingTheRule() {
        for (String bad : new String[] { "btc-usd", "BTC/USD", "BTC-USD;DROP TABLE", "B-USD", "", null }) {
            assertThatThrownBy(() -> Pairs.fromUrl(bad)).hasMessageStartingWith("pair: must be BASE-QUOTE");
        }
    }
}
