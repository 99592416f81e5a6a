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
 * The market feature sets of a pair at the close of its newest candle, computed (by ta4j, and plain arithmetic
 * for the few features ta4j has no indicator for) from a window of at most {@value #WINDOW} one-minute candles
 * ending with that candle. featurize emits {@link #FEATURE_SET}; both sets can be computed offline (the model
 * report compares them).
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
 * {@value #MARKET_V1} (n = candles; a candle is one minute, so n candles are n minutes when there are no gaps,
 * which aggregate guarantees by carrying minutes without trades forward):
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
 * {@value #MARKET_V2} is scale-free: no value is a price or volume level, so a model does not learn "BTC was at
 * 900 then" and its inputs keep their distribution when the price moves to another level. It keeps the
 * scale-free {@value #MARKET_V1} features ({@code rsi_n}, {@code bb_percent_b}, {@code stoch_rsi_14},
 * {@code adx_14}, {@code mfi_14}, {@code roc_10}, {@code log_return_n}, {@code realized_vol_n},
 * {@code volume_zscore_60}) and adds:
 * <ul>
 * <li>{@code sma_n_gap}, {@code ema_n_gap} average / close − 1 (n = 7, 14, 21, 60); {@code macd_line_rel},
 * {@code macd_signal_rel}, {@code macd_hist_rel}, {@code atr_14_rel} the value / close; {@code bb_width_rel}
 * (upper − lower) / close;</li>
 * <li>{@code log_return_60}; {@code return_z_n} (n = 1, 5, 15, 60) log_return_n / (σ √n), σ the one-minute
 * volatility of the last 60 candles, realized_vol_60 / √60: how unusual the move is for the current regime;</li>
 * <li>{@code vwap_gap} close / the candle's VWAP − 1; {@code range_rel} (high − low) / close;</li>
 * <li>{@code trade_count_zscore_60} as volume_zscore_60, of the trade count;</li>
 * <li>{@code tick_flow_n} (n = 5, 15) signed volume by the tick rule as a share of volume over the last n
 * candles: a candle's volume counts +1 if its close rose from the previous candle's, −1 if it fell, and the
 * previous sign within the window if it stayed (0 before any move). Candles carry no trade side, so this is
 * the candle-level tick rule, not the trade-level one; an order-flow imbalance from buy and sell volume would
 * need the side in candle.v1, and the Bitstamp file has no side at all.</li>
 * </ul>
 * A value is {@code null} until ta4j counts its indicator as stable (its unstable bars have passed), until the
 * window holds the candles a value needs, and wherever it is undefined (NaN, e.g. %b when the bands have zero
 * width, a z-score of constant volume) or infinite: never NaN in JSON or in the store. A negative zero is
 * written as 0, as PostgreSQL keeps it.
 */
public final class FeatureCalculator {
    public static final String MARKET_V1 = "market-v1";
    public static final String MARKET_V2 = "market-v2";
    /** The feature set featurize emits (one row per pair and minute, so one set at a time). */
    public static final String FEATURE_SET = MARKET_V2;
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
    private static final int[] LOG_RETURNS_V2 = { 1, 5, 15, 60 };
    private static final int[] TICK_FLOW = { 5, 15 };
    private static final int ZSCORE = 60;
    /** The feature names of {@value #MARKET_V1}, in a stable order (a model's schema). */
    public static final List<String> MARKET_V1_NAMES = List.copyOf(indicators(
            new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance()).build()).keySet());
    /** The feature names of {@value #MARKET_V2}, in a stable order. */
    public static final List<String> MARKET_V2_NAMES = List.copyOf(scaleFree(
            MARKET_V1_NAMES.stream().collect(LinkedHashMap::new, (m, n) -> m.put(n, null), Map::putAll),
            List.of()).keySet());
    /** The feature names of {@link #FEATURE_SET}. */
    public static final List<String> FEATURE_NAMES = namesOf(FEATURE_SET);

    private FeatureCalculator() {
    }

    /**
     * The row of the newest candle of {@code history}: candles of one pair in time order, the newest last. Only
     * the last {@value #WINDOW} are used; a longer history gives the same row.
     */
    public static FeatureRow compute(List<Candle> history) {
        return compute(history, FEATURE_SET);
    }

    /** {@link #compute(List)} of the feature set {@code featureSet} ({@value #MARKET_V1} or {@value #MARKET_V2}). */
    public static FeatureRow compute(List<Candle> history, String featureSet) {
        namesOf(featureSet);
        requireOneOrderedPair(history);
        return computeWindow(history.subList(Math.max(0, history.size() - WINDOW), history.size()), featureSet);
    }

    /** The row of every candle of {@code candles} (one pair, in time order), each from its own sliding window. */
    public static List<FeatureRow> computeAll(List<Candle> candles) {
        return computeAll(candles, FEATURE_SET);
    }

    /** {@link #computeAll(List)} of the feature set {@code featureSet}. */
    public static List<FeatureRow> computeAll(List<Candle> candles, String featureSet) {
        namesOf(featureSet);
        requireOneOrderedPair(candles);
        List<FeatureRow> rows = new ArrayList<>(candles.size());
        for (int i = 0; i < candles.size(); i++) {
            rows.add(computeWindow(candles.subList(Math.max(0, i + 1 - WINDOW), i + 1), featureSet));
        }
        return rows;
    }

    /** The feature names of {@code featureSet}, in order. */
    public static List<String> namesOf(String featureSet) {
        if (MARKET_V1.equals(featureSet)) {
            return MARKET_V1_NAMES;
        }
        if (MARKET_V2.equals(featureSet)) {
            return MARKET_V2_NAMES;
        }
        throw new IllegalArgumentException("featureSet: must be " + MARKET_V1 + " or " + MARKET_V2 + ", got '"
                + featureSet + "'");
    }

    private static FeatureRow computeWindow(List<Candle> window, String featureSet) {
        BarSeries series = series(window);
        int newest = series.getEndIndex();
        Map<String, Double> v1 = new LinkedHashMap<>();
        indicators(series).forEach((name, indicator) -> v1.put(name, valueAt(indicator, newest)));
        Map<String, Double> values = MARKET_V2.equals(featureSet) ? scaleFree(v1, window) : v1;
        Candle candle = window.get(window.size() - 1);
        return new FeatureRow(candle.pair(), candle.end(), candle.close(), values, window.size() < WARMUP_CANDLES,
                featureSet);
    }

    /**
     * {@value #MARKET_V2} from the {@value #MARKET_V1} values of the window's newest candle and the window itself
     * (an empty window only lists the names).
     */
    private static Map<String, Double> scaleFree(Map<String, Double> v1, List<Candle> window) {
        int n = window.size();
        double[] close = new double[n];
        double[] volume = new double[n];
        double[] trades = new double[n];
        for (int i = 0; i < n; i++) {
            close[i] = window.get(i).close().doubleValue();
            volume[i] = window.get(i).volume().doubleValue();
            trades[i] = window.get(i).tradeCount();
        }
        Double last = n == 0 ? null : close[n - 1];
        Map<String, Double> v = new LinkedHashMap<>();
        for (String kept : List.of("rsi_7", "rsi_14", "rsi_21", "bb_percent_b", "stoch_rsi_14", "adx_14", "mfi_14",
                "roc_10", "log_return_1", "log_return_5", "log_return_15", "realized_vol_15", "realized_vol_60",
                "volume_zscore_60")) {
            v.put(kept, v1.get(kept));
        }
        for (int a : AVERAGES) {
            v.put("sma_" + a + "_gap", finite(ratio(v1.get("sma_" + a), last), -1));
        }
        for (int a : AVERAGES) {
            v.put("ema_" + a + "_gap", finite(ratio(v1.get("ema_" + a), last), -1));
        }
        for (String name : List.of("macd_line", "macd_signal", "macd_hist", "atr_14")) {
            v.put(name + "_rel", finite(ratio(v1.get(name), last), 0));
        }
        Double upper = v1.get("bb_upper");
        Double lower = v1.get("bb_lower");
        v.put("bb_width_rel", upper == null || lower == null ? null : finite(ratio(upper - lower, last), 0));
        v.put("log_return_60", n > 60 ? finite(Math.log(close[n - 1] / close[n - 61]), 0) : null);
        Double rv60 = v1.get("realized_vol_60");
        for (int r : LOG_RETURNS_V2) {
            Double logReturn = r == 60 ? v.get("log_return_60") : v1.get("log_return_" + r);
            v.put("return_z_" + r, logReturn == null || rv60 == null ? null
                    : finite(logReturn / (rv60 / Math.sqrt(60) * Math.sqrt(r)), 0));
        }
        Candle newest = n == 0 ? null : window.get(n - 1);
        v.put("vwap_gap", newest == null ? null : finite(close[n - 1] / newest.vwap().doubleValue(), -1));
        v.put("range_rel", newest == null ? null
                : finite((newest.high().doubleValue() - newest.low().doubleValue()) / close[n - 1], 0));
        v.put("trade_count_zscore_60", zScore(trades, ZSCORE));
        double[] signs = tickSigns(close);
        for (int f : TICK_FLOW) {
            v.put("tick_flow_" + f, tickFlow(signs, volume, f));
        }
        return v;
    }

    private static Double ratio(Double value, Double close) {
        return value == null || close == null ? null : value / close;
    }

    /** {@code value + shift}, or null when undefined or infinite; -0.0 becomes 0.0. */
    private static Double finite(Double value, double shift) {
        if (value == null) {
            return null;
        }
        double v = value + shift;
        if (!Double.isFinite(v)) {
            return null;
        }
        return v == 0.0 ? 0.0 : v;
    }

    /** (x − mean) / population standard deviation over the last {@code n} values, the newest included. */
    private static Double zScore(double[] x, int n) {
        if (x.length < n) {
            return null;
        }
        double sum = 0;
        for (int i = x.length - n; i < x.length; i++) {
            sum += x[i];
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = x.length - n; i < x.length; i++) {
            squares += (x[i] - mean) * (x[i] - mean);
        }
        double sd = Math.sqrt(squares / n);
        return sd == 0 ? null : finite((x[x.length - 1] - mean) / sd, 0);
    }

    /** The tick rule per candle: +1 up, −1 down, the previous sign when unchanged; the first candle has 0. */
    private static double[] tickSigns(double[] close) {
        double[] signs = new double[close.length];
        for (int i = 1; i < close.length; i++) {
            double change = Math.signum(close[i] - close[i - 1]);
            signs[i] = change != 0 ? change : signs[i - 1];
        }
        return signs;
    }

    /** Σ sign × volume / Σ volume over the last {@code n} candles (each with a previous candle in the window). */
    private static Double tickFlow(double[] signs, double[] volume, int n) {
        if (signs.length <= n) {
            return null;
        }
        double signed = 0;
        double total = 0;
        for (int i = signs.length - n; i < signs.length; i++) {
            signed += signs[i] * volume[i];
            total += volume[i];
        }
        return total == 0 ? null : finite(signed / total, 0);
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
