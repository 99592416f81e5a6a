package dev.tickcast.featurize.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.ROCIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.StochasticRSIIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandWidthIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.bollinger.PercentBIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.RunningTotalIndicator;
import org.ta4j.core.indicators.helpers.VolumeIndicator;
import org.ta4j.core.indicators.numeric.NumericIndicator;
import org.ta4j.core.indicators.numeric.UnaryOperationIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.indicators.volume.MoneyFlowIndexIndicator;
import org.ta4j.core.indicators.volume.OnBalanceVolumeIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;

import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.FeatureRow;

/**
 * The {@value #FEATURE_SET} feature set: the technical features of a pair at the close of its newest candle,
 * computed by ta4j from a window of at most {@value #WINDOW} one-minute candles ending with that candle.
 * <p>
 * A row depends on its window and on nothing else (no state carried from earlier rows), so the live path
 * (one candle event at a time), backfill and replay ({@link #computeAll}) yield identical rows. ta4j runs on
 * {@code DoubleNum}: Java's double arithmetic is deterministic and much faster than {@code DecimalNum},
 * and features are model inputs, not money; prices stay exact decimals in the candles and in
 * {@link FeatureRow#close()}.
 * <p>
 * Windows and warm-up: ta4j seeds its recursive averages (EMA, and Wilder's smoothing inside RSI, ATR and ADX)
 * with a single value once its period has passed, so EMA60 has a first value at the 61st candle but needs
 * three to four periods more before the seed stops mattering. With {@value #WINDOW} candles, the seed's weight
 * in EMA60 is (59/61)^179 ≈ 0.26 % and far less in every shorter one. A row is flagged {@code warmup} while its
 * window holds fewer than {@value #WARMUP_CANDLES} candles: every non-warm-up row is computed from the same
 * amount of history, the same way.
 * <p>
 * Definitions (n = candles; a candle is one minute, so n candles are n minutes when there are no gaps, which
 * aggregate guarantees by carrying minutes without trades forward):
 * <ul>
 * <li>{@code sma_n}, {@code ema_n} (n = 7, 14, 21, 60) of the close; {@code rsi_n} (n = 7, 14, 21), Wilder;</li>
 * <li>{@code macd_line} EMA12 − EMA26, {@code macd_signal} its EMA9, {@code macd_hist} line − signal;</li>
 * <li>Bollinger(20, 2): {@code bb_upper}, {@code bb_middle} (SMA20), {@code bb_lower} (±2 population standard
 * deviations), {@code bb_percent_b} (close − lower) / (upper − lower), {@code bb_width} 100 × (upper − lower) /
 * middle;</li>
 * <li>{@code stoch_rsi_14} position of RSI14 within its 14-candle range, 0–100; {@code adx_14}; {@code atr_14};
 * {@code mfi_14};</li>
 * <li>{@code obv} on-balance volume accumulated over the window only: an all-time OBV would depend on where
 * history starts, and a row must depend on its window alone;</li>
 * <li>{@code roc_10} 100 × (close / close 10 candles back − 1); {@code log_return_n} ln(close / close n
 * candles back), n = 1, 5, 15;</li>
 * <li>{@code realized_vol_n} √(Σ of the squared one-minute log returns of the last n candles), n = 15, 60, not
 * annualized;</li>
 * <li>{@code volume_zscore_60} (volume − SMA60 of volume) / population standard deviation of the last 60
 * volumes, the current candle included.</li>
 * </ul>
 * A value is {@code null} until ta4j counts its indicator as stable (its unstable bars have passed), and
 * wherever it is undefined (NaN, e.g. %b when the bands have zero width, a z-score of constant volume) or
 * infinite: never NaN in JSON or in the store. A negative zero is written as 0, as PostgreSQL keeps it.
 */
public final class FeatureCalculator {
    public static final String FEATURE_SET = "market-v1";
    /** The most candles a row is computed from: the newest and the ones before it. */
    public static final int WINDOW = 240;
    /** A row whose window holds fewer candles than this is flagged warm-up. */
    public static final int WARMUP_CANDLES = WINDOW;

    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
    private static final int[] AVERAGES = { 7, 14, 21, 60 };
    private static final int[] RSI = { 7, 14, 21 };
    private static final int[] LOG_RETURNS = { 1, 5, 15 };
    private static final int[] REALIZED_VOLATILITY = { 15, 60 };
    // after the periods above: static fields initialize in order
    /** The feature names of {@value #FEATURE_SET}, in a stable order (a model's schema). */
    public static final List<String> FEATURE_NAMES = List.copyOf(indicators(
            new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance()).build()).keySet());

    private FeatureCalculator() {
    }

    /**
     * The row of the newest candle of {@code history}: candles of one pair in time order, the newest last. Only
     * the last {@value #WINDOW} are used; a longer history gives the same row.
     */
    public static FeatureRow compute(List<Candle> history) {
        requireOneOrderedPair(history);
        return computeWindow(history.subList(Math.max(0, history.size() - WINDOW), history.size()));
    }

    /** The row of every candle of {@code candles} (one pair, in time order), each from its own sliding window. */
    public static List<FeatureRow> computeAll(List<Candle> candles) {
        requireOneOrderedPair(candles);
        List<FeatureRow> rows = new ArrayList<>(candles.size());
        for (int i = 0; i < candles.size(); i++) {
            rows.add(computeWindow(candles.subList(Math.max(0, i + 1 - WINDOW), i + 1)));
        }
        return rows;
    }

    private static FeatureRow computeWindow(List<Candle> window) {
        BarSeries series = series(window);
        int newest = series.getEndIndex();
        Map<String, Double> values = new LinkedHashMap<>();
        indicators(series).forEach((name, indicator) -> values.put(name, valueAt(indicator, newest)));
        Candle candle = window.get(window.size() - 1);
        return new FeatureRow(candle.pair(), candle.end(), candle.close(), values, window.size() < WARMUP_CANDLES,
                FEATURE_SET);
    }

    private static Map<String, Indicator<Num>> indicators(BarSeries series) {
        Map<String, Indicator<Num>> features = new LinkedHashMap<>();
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        for (int n : AVERAGES) {
            features.put("sma_" + n, new SMAIndicator(close, n));
        }
        for (int n : AVERAGES) {
            features.put("ema_" + n, new EMAIndicator(close, n));
        }
        for (int n : RSI) {
            features.put("rsi_" + n, new RSIIndicator(close, n));
        }
        MACDIndicator macd = new MACDIndicator(close, 12, 26);
        features.put("macd_line", macd);
        features.put("macd_signal", macd.getSignalLine(9));
        features.put("macd_hist", macd.getHistogram(9));

        BollingerBandsMiddleIndicator middle = new BollingerBandsMiddleIndicator(new SMAIndicator(close, 20));
        StandardDeviationIndicator deviation = new StandardDeviationIndicator(close, 20);
        Num k = series.numFactory().numOf(2);
        BollingerBandsUpperIndicator upper = new BollingerBandsUpperIndicator(middle, deviation, k);
        BollingerBandsLowerIndicator lower = new BollingerBandsLowerIndicator(middle, deviation, k);
        features.put("bb_upper", upper);
        features.put("bb_middle", middle);
        features.put("bb_lower", lower);
        features.put("bb_percent_b", new PercentBIndicator(close, 20, 2.0));
        features.put("bb_width", new BollingerBandWidthIndicator(upper, middle, lower));

        features.put("stoch_rsi_14", new StochasticRSIIndicator(close, 14));
        features.put("adx_14", new ADXIndicator(series, 14));
        features.put("atr_14", new ATRIndicator(series, 14));
        features.put("mfi_14", new MoneyFlowIndexIndicator(series, 14));
        features.put("obv", new OnBalanceVolumeIndicator(series));
        features.put("roc_10", new ROCIndicator(close, 10));

        for (int n : LOG_RETURNS) {
            features.put("log_return_" + n, logReturn(close, n));
        }
        NumericIndicator squaredReturn = NumericIndicator.of(logReturn(close, 1)).squared();
        for (int n : REALIZED_VOLATILITY) {
            features.put("realized_vol_" + n, UnaryOperationIndicator.sqrt(new RunningTotalIndicator(squaredReturn, n)));
        }
        VolumeIndicator volume = new VolumeIndicator(series);
        features.put("volume_zscore_60", NumericIndicator.of(volume).minus(new SMAIndicator(volume, 60))
                .dividedBy(new StandardDeviationIndicator(volume, 60)));
        return features;
    }

    /** ln(close / close {@code n} candles back); ta4j's PreviousValueIndicator makes it undefined before. */
    private static Indicator<Num> logReturn(ClosePriceIndicator close, int n) {
        return UnaryOperationIndicator.log(NumericIndicator.of(close).dividedBy(NumericIndicator.of(close).previous(n)));
    }

    private static Double valueAt(Indicator<Num> indicator, int index) {
        if (index < indicator.getCountOfUnstableBars()) {
            return null;
        }
        Num value = indicator.getValue(index);
        if (Num.isNaNOrNull(value)) {
            return null;
        }
        double v = value.doubleValue();
        if (!Double.isFinite(v)) {
            return null;
        }
        return v == 0.0 ? 0.0 : v; // -0.0 becomes 0.0
    }

    private static BarSeries series(List<Candle> window) {
        BarSeries series = new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance())
                .withName(window.get(0).pair()).build();
        for (Candle c : window) {
            series.barBuilder().timePeriod(ONE_MINUTE).beginTime(c.start()).endTime(c.end())
                    .openPrice(c.open()).highPrice(c.high()).lowPrice(c.low()).closePrice(c.close())
                    .volume(c.volume()).amount(c.vwap().multiply(c.volume())).trades(c.tradeCount())
                    .add();
        }
        return series;
    }

    private static void requireOneOrderedPair(List<Candle> candles) {
        if (candles == null || candles.isEmpty()) {
            throw new IllegalArgumentException("candles: at least one candle is needed");
        }
        Candle previous = null;
        for (Candle candle : candles) {
            if (previous != null) {
                if (!candle.pair().equals(previous.pair())) {
                    throw new IllegalArgumentException("candles: one pair only, got " + previous.pair() + " and " + candle.pair());
                }
                if (!candle.start().isAfter(previous.start())) {
                    throw new IllegalArgumentException("candles: must be in time order without duplicates, but "
                            + candle.start() + " follows " + previous.start());
                }
            }
            previous = candle;
        }
    }
}
