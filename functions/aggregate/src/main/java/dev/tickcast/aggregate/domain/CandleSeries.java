package dev.tickcast.aggregate.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tickcast.contracts.market.Candle;

/**
 * The regular series of 1-minute candles of a pair: a minute with trades gives its OHLCV candle, a minute without
 * gives a carried-forward candle (volume 0, open = high = low = close = vwap = the previous close), so downstream
 * sees one candle per minute. Candles come out at revision 0; {@link Revisions} numbers them against what is stored.
 */
public final class CandleSeries {
    /** Decimal places of the VWAP, rounded half-even: Σ(price × quantity) / Σ quantity is rarely a finite decimal. */
    public static final int VWAP_SCALE = 12;
    public static final RoundingMode VWAP_ROUNDING = RoundingMode.HALF_EVEN;

    private CandleSeries() {
    }

    /**
     * The candles of every minute of {@code range}.
     *
     * @param traded        the aggregated trades of the minutes that have trades, by minute start
     * @param previousClose the close of the minute before the range; needed only when the range starts without trades
     */
    public static List<Candle> derive(String pair, MinuteRange range, Map<Instant, MinuteTrades> traded,
            BigDecimal previousClose) {
        List<Candle> candles = new ArrayList<>();
        BigDecimal close = previousClose;
        for (Instant start : range.minutes().toList()) {
            MinuteTrades minute = traded.get(start);
            Candle candle;
            if (minute != null) {
                candle = of(pair, minute);
            } else if (close != null) {
                candle = carriedForward(pair, start, close);
            } else {
                throw new IllegalStateException("minute " + start + " of " + pair
                        + " has no trades and no earlier close to carry forward");
            }
            candles.add(candle);
            close = candle.close();
        }
        return candles;
    }

    /** The candle of a minute with trades. Its VWAP is the close when the volume is 0 (only dust trades). */
    public static Candle of(String pair, MinuteTrades minute) {
        BigDecimal vwap = minute.volume().signum() == 0 ? minute.close()
                : minute.notional().divide(minute.volume(), VWAP_SCALE, VWAP_ROUNDING);
        return new Candle(pair, minute.start(), CandleWindow.endOf(minute.start()), minute.open(), minute.high(),
                minute.low(), minute.close(), minute.volume(), vwap, minute.count(), false, 0);
    }

    public static Candle carriedForward(String pair, Instant start, BigDecimal close) {
        return new Candle(pair, start, CandleWindow.endOf(start), close, close, close, close, BigDecimal.ZERO, close, 0,
                true, 0);
    }
}
