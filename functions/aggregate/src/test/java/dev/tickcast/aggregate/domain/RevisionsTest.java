package dev.tickcast.aggregate.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.market.Candle;

class RevisionsTest {
    static final String DEFAULT_PAIR = "BTC/USD";
    static final Instant T0 = Instant.parse("2013-11-25T10:00:00Z");

    static Candle createCandle(int minute, String close, int revision) {
        Instant start = T0.plusSeconds(60L * minute);
        BigDecimal price = new BigDecimal(close);
        return new Candle(DEFAULT_PAIR, start, start.plusSeconds(60), price, price, price, price, new BigDecimal("1.0"),
                price, 1, false, revision);
    }

    @Test
    void newMinutesAreRevisionZeroChangedOnesTheNextRevisionAndUnchangedOnesAreNotWrittenAgain() {
        List<Candle> derived = List.of(createCandle(0, "800.10", 0), createCandle(1, "801", 0), createCandle(2, "802", 0));
        Map<Instant, Candle> stored = Map.of(
                T0, createCandle(0, "800.1", 3), // same value, other scale: unchanged
                T0.plusSeconds(60), createCandle(1, "801.5", 2));

        List<Candle> toWrite = Revisions.toWrite(derived, stored);

        assertThat(toWrite).extracting(Candle::start).containsExactly(T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(toWrite).extracting(Candle::revision).containsExactly(3, 0);
        assertThat(toWrite.get(0).close()).isEqualTo(new BigDecimal("801"));
    }

    @Test
    void aMinuteThatGotTradesIsNoLongerCarriedForward() {
        Candle carried = new Candle(DEFAULT_PAIR, T0, T0.plusSeconds(60), BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN,
                BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.TEN, 0, true, 0);
        Candle traded = new Candle(DEFAULT_PAIR, T0, T0.plusSeconds(60), BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN,
                BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.TEN, 1, false, 0);

        assertThat(Revisions.toWrite(List.of(traded), Map.of(T0, carried))).singleElement()
                .satisfies(c -> assertThat(c.revision()).isEqualTo(1))
                .satisfies(c -> assertThat(c.carriedForward()).isFalse());
    }
}
