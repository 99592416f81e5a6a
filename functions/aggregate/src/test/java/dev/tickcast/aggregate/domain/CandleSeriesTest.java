package dev.tickcast.aggregate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.market.Candle;

class CandleSeriesTest {
    static final String DEFAULT_PAIR = "BTC/USD";
    static final Instant T0 = Instant.parse("2013-11-25T10:00:00Z");

    static Instant minute(int m) {
        return T0.plusSeconds(60L * m);
    }

    static MinuteTrades createMinute(int m, String open, String high, String low, String close, String volume,
            String notional, int count) {
        return new MinuteTrades(minute(m), new BigDecimal(open), new BigDecimal(high), new BigDecimal(low),
                new BigDecimal(close), new BigDecimal(volume), new BigDecimal(notional), count);
    }

    @Test
    void aMinuteWithTradesGivesItsOhlcvAndAVwapRoundedHalfEvenToTwelvePlaces() {
        // 2 trades: 1 @ 800.1 and 2 @ 800.2 -> 2400.5 / 3 = 800.1666…
        Candle candle = CandleSeries.of(DEFAULT_PAIR, createMinute(0, "800.1", "800.2", "800.1", "800.2", "3",
                "2400.5", 2));

        assertThat(candle.start()).isEqualTo(T0);
        assertThat(candle.end()).isEqualTo(minute(1));
        assertThat(candle.open()).isEqualByComparingTo("800.1");
        assertThat(candle.close()).isEqualByComparingTo("800.2");
        assertThat(candle.volume()).isEqualTo(new BigDecimal("3"));
        assertThat(candle.vwap()).isEqualTo(new BigDecimal("800.166666666667"));
        assertThat(candle.tradeCount()).isEqualTo(2);
        assertThat(candle.carriedForward()).isFalse();
        assertThat(candle.revision()).isZero();
        // half-even: a tie at the 13th place goes to the even 12th digit (half-up would give ...001 and ...002)
        assertThat(CandleSeries.of(DEFAULT_PAIR, createMinute(0, "800", "800", "800", "800", "1", "800.0000000000005", 1))
                .vwap()).isEqualTo(new BigDecimal("800.000000000000"));
        assertThat(CandleSeries.of(DEFAULT_PAIR, createMinute(0, "800", "800", "800", "800", "1", "800.0000000000015", 1))
                .vwap()).isEqualTo(new BigDecimal("800.000000000002"));
    }

    @Test
    void aMinuteOfDustTradesOnlyHasVolumeZeroAndItsCloseAsVwap() {
        Candle candle = CandleSeries.of(DEFAULT_PAIR, createMinute(0, "801", "802", "800", "800.5", "0.000000000000",
                "0E-12", 3));

        assertThat(candle.volume()).isEqualByComparingTo("0");
        assertThat(candle.vwap()).isEqualTo(new BigDecimal("800.5"));
        assertThat(candle.carriedForward()).isFalse();
        assertThat(candle.tradeCount()).isEqualTo(3);
    }

    @Test
    void minutesWithoutTradesCarryThePreviousCloseForward() {
        Map<Instant, MinuteTrades> traded = Map.of(
                minute(0), createMinute(0, "800", "805", "799", "801.123456789012345678", "1.5", "1201.5", 3),
                minute(3), createMinute(3, "802", "802", "802", "802", "0.1", "80.2", 1));

        List<Candle> series = CandleSeries.derive(DEFAULT_PAIR, new MinuteRange(minute(0), minute(5)), traded, null);

        assertThat(series).extracting(Candle::start).containsExactly(minute(0), minute(1), minute(2), minute(3),
                minute(4));
        assertThat(series).extracting(Candle::carriedForward).containsExactly(false, true, true, false, true);
        Candle gap = series.get(1);
        BigDecimal lastClose = new BigDecimal("801.123456789012345678");
        assertThat(List.of(gap.open(), gap.high(), gap.low(), gap.close(), gap.vwap())).containsOnly(lastClose);
        assertThat(gap.volume()).isEqualByComparingTo("0");
        assertThat(gap.tradeCount()).isZero();
        assertThat(gap.end()).isEqualTo(minute(2));
        assertThat(series.get(2).close()).isEqualTo(lastClose);
        assertThat(series.get(4).close()).isEqualTo(new BigDecimal("802"));
    }

    @Test
    void aRangeStartingWithoutTradesCarriesTheCloseBeforeItOrFails() {
        Map<Instant, MinuteTrades> traded = Map.of(minute(1), createMinute(1, "802", "802", "802", "802", "1", "802", 1));

        List<Candle> series = CandleSeries.derive(DEFAULT_PAIR, new MinuteRange(minute(0), minute(2)), traded,
                new BigDecimal("799.5"));

        assertThat(series.get(0).carriedForward()).isTrue();
        assertThat(series.get(0).close()).isEqualTo(new BigDecimal("799.5"));
        assertThat(series.get(1).carriedForward()).isFalse();
        assertThatThrownBy(() -> CandleSeries.derive(DEFAULT_PAIR, new MinuteRange(minute(0), minute(2)), traded, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no earlier close");
    }
}
