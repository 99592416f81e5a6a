package dev.tickcast.featurize.service;

import static dev.tickcast.featurize.CandleFixtures.DEFAULT_START;
import static dev.tickcast.featurize.CandleFixtures.createBitstampCandles;
import static dev.tickcast.featurize.CandleFixtures.createCandle;
import static dev.tickcast.featurize.CandleFixtures.createCandles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.StochasticRSIIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandFacade;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.volume.MoneyFlowIndexIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.contracts.validation.EventValidator;

class FeatureCalculatorTest {
    private static final String PAIR = "BTC/USD";
    private static final String V1 = FeatureCalculator.MARKET_V1;
    private static final String V2 = FeatureCalculator.MARKET_V2;

    @Test
    void theFeatureSetHasEveryIndicatorOfTheIssueUnderSchemaConformingNames() {
        assertThat(FeatureCalculator.MARKET_V1_NAMES).containsExactly(
                "sma_7", "sma_14", "sma_21", "sma_60", "ema_7", "ema_14", "ema_21", "ema_60",
                "rsi_7", "rsi_14", "rsi_21", "macd_line", "macd_signal", "macd_hist",
                "bb_upper", "bb_middle", "bb_lower", "bb_percent_b", "bb_width",
                "stoch_rsi_14", "adx_14", "atr_14", "mfi_14", "obv", "roc_10",
                "log_return_1", "log_return_5", "log_return_15", "realized_vol_15", "realized_vol_60",
                "volume_zscore_60");
        assertThat(FeatureCalculator.MARKET_V1_NAMES).allMatch(name -> name.matches("^[a-z][a-z0-9_]{0,63}$"));

        FeatureRow row = FeatureCalculator.compute(createCandles(PAIR, 50, 1), V1);
        assertThat(row.values().keySet()).containsExactlyInAnyOrderElementsOf(FeatureCalculator.MARKET_V1_NAMES);
        assertThat(row.featureSet()).isEqualTo("market-v1");
    }

    @Test
    void marketV2IsWhatFeaturizeEmitsAndHasNoLevelFeatures() {
        assertThat(FeatureCalculator.FEATURE_SET).isEqualTo("market-v2");
        assertThat(FeatureCalculator.FEATURE_NAMES).isEqualTo(FeatureCalculator.MARKET_V2_NAMES);
        assertThat(FeatureCalculator.MARKET_V2_NAMES).containsExactly(
                "rsi_7", "rsi_14", "rsi_21", "bb_percent_b", "stoch_rsi_14", "adx_14", "mfi_14", "roc_10",
                "log_return_1", "log_return_5", "log_return_15", "realized_vol_15", "realized_vol_60",
                "volume_zscore_60", "sma_7_gap", "sma_14_gap", "sma_21_gap", "sma_60_gap", "ema_7_gap", "ema_14_gap",
                "ema_21_gap", "ema_60_gap", "macd_line_rel", "macd_signal_rel", "macd_hist_rel", "atr_14_rel",
                "bb_width_rel", "log_return_60", "return_z_1", "return_z_5", "return_z_15", "return_z_60",
                "vwap_gap", "range_rel", "trade_count_zscore_60", "tick_flow_5", "tick_flow_15");
        assertThat(FeatureCalculator.MARKET_V2_NAMES).allMatch(name -> name.matches("^[a-z][a-z0-9_]{0,63}$"));

        FeatureRow row = FeatureCalculator.compute(createCandles(PAIR, 50, 1));
        assertThat(row.values().keySet()).containsExactlyInAnyOrderElementsOf(FeatureCalculator.MARKET_V2_NAMES);
        assertThat(row.featureSet()).isEqualTo("market-v2");
        assertThatThrownBy(() -> FeatureCalculator.compute(createCandles(PAIR, 5, 1), "market-v9"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("featureSet: must be market-v1 or market-v2");
    }

    @Test
    void marketV2IsScaleFreeWherePricesAndVolumesAreTenTimesAsHighItIsTheSame() {
        List<Candle> candles = createBitstampCandles(PAIR, 300);
        List<Candle> tenfold = candles.stream().map(c -> new Candle(c.pair(), c.start(), c.end(), c.open().scaleByPowerOfTen(1),
                c.high().scaleByPowerOfTen(1), c.low().scaleByPowerOfTen(1), c.close().scaleByPowerOfTen(1),
                c.volume().scaleByPowerOfTen(1), c.vwap().scaleByPowerOfTen(1), c.tradeCount(), c.carriedForward(),
                c.revision())).toList();

        FeatureRow row = FeatureCalculator.compute(candles, V2);
        FeatureRow scaled = FeatureCalculator.compute(tenfold, V2);

        assertThat(row.values()).doesNotContainValue(null);
        row.values().forEach((name, value) -> assertThat(scaled.values().get(name)).as(name)
                .isCloseTo(value, within(1e-9 * Math.max(1, Math.abs(value)))));
        // market-v1 is not: its averages are prices
        assertThat(FeatureCalculator.compute(tenfold, V1).values().get("sma_7"))
                .isCloseTo(10 * FeatureCalculator.compute(candles, V1).values().get("sma_7"), within(1e-6));
    }

    @Test
    void marketV2ValuesFollowTheirDefinitions() {
        List<Candle> candles = createBitstampCandles(PAIR, 300);
        FeatureRow v1 = FeatureCalculator.compute(candles, V1);
        FeatureRow row = FeatureCalculator.compute(candles, V2);
        double[] close = candles.stream().mapToDouble(c -> c.close().doubleValue()).toArray();
        double[] volume = candles.stream().mapToDouble(c -> c.volume().doubleValue()).toArray();
        int last = close.length - 1;
        Candle newest = candles.get(last);
        Map<String, Double> v = row.values();

        assertThat(v.get("ema_21_gap")).isCloseTo(v1.values().get("ema_21") / close[last] - 1, within(1e-15));
        assertThat(v.get("sma_60_gap")).isCloseTo(v1.values().get("sma_60") / close[last] - 1, within(1e-15));
        assertThat(v.get("macd_hist_rel")).isCloseTo(v1.values().get("macd_hist") / close[last], within(1e-15));
        assertThat(v.get("atr_14_rel")).isCloseTo(v1.values().get("atr_14") / close[last], within(1e-15));
        assertThat(v.get("bb_width_rel")).isCloseTo(
                (v1.values().get("bb_upper") - v1.values().get("bb_lower")) / close[last], within(1e-12));
        assertThat(v.get("rsi_14")).isEqualTo(v1.values().get("rsi_14"));
        assertThat(v.get("log_return_60")).isCloseTo(Math.log(close[last] / close[last - 60]), within(1e-12));
        double sigma = v1.values().get("realized_vol_60") / Math.sqrt(60);
        assertThat(v.get("return_z_5")).isCloseTo(Math.log(close[last] / close[last - 5]) / (sigma * Math.sqrt(5)),
                within(1e-9));
        assertThat(v.get("vwap_gap")).isCloseTo(close[last] / newest.vwap().doubleValue() - 1, within(1e-15));
        assertThat(v.get("range_rel")).isCloseTo(
                (newest.high().doubleValue() - newest.low().doubleValue()) / close[last], within(1e-15));
        // the tick rule: each candle's volume signed by its close against the previous close, a flat close keeping
        // the last sign
        double sign = 0;
        double signed = 0;
        double total = 0;
        for (int i = 1; i <= last; i++) {
            double change = Math.signum(close[i] - close[i - 1]);
            sign = change != 0 ? change : sign;
            if (i > last - 15) {
                signed += sign * volume[i];
                total += volume[i];
            }
        }
        assertThat(v.get("tick_flow_15")).isCloseTo(signed / total, within(1e-12)).isBetween(-1.0, 1.0);
        double[] trades = candles.stream().mapToDouble(Candle::tradeCount).skip(last - 59).toArray();
        double mean = java.util.Arrays.stream(trades).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(trades).map(t -> (t - mean) * (t - mean)).sum() / 60);
        assertThat(v.get("trade_count_zscore_60")).isCloseTo((newest.tradeCount() - mean) / sd, within(1e-9));
    }

    @Test
    void smaLogReturnsRocAndObvAreWhatTheyAreByHand() {
        String[] closes = { "10", "11", "12", "11", "13", "14", "15" };
        List<Candle> candles = new ArrayList<>();
        for (int i = 0; i < closes.length; i++) {
            candles.add(createCandle(PAIR, DEFAULT_START.plus(i, ChronoUnit.MINUTES), closes[i], Integer.toString(i + 1)));
        }

        FeatureRow row = FeatureCalculator.compute(candles, V1);

        assertThat(row.time()).isEqualTo(DEFAULT_START.plus(7, ChronoUnit.MINUTES));
        assertThat(row.close()).isEqualByComparingTo("15");
        assertThat(row.values().get("sma_7")).isCloseTo(86.0 / 7, within(1e-12));
        assertThat(row.values().get("log_return_1")).isCloseTo(Math.log(15.0 / 14), within(1e-15));
        assertThat(row.values().get("log_return_5")).isCloseTo(Math.log(15.0 / 11), within(1e-15));
        // up +2, up +3, down -4, up +5, up +6, up +7
        assertThat(row.values().get("obv")).isEqualTo(19.0);
        // not enough history for these
        assertThat(row.values().get("sma_14")).isNull();
        assertThat(row.values().get("log_return_15")).isNull();
        assertThat(row.values().get("roc_10")).isNull();
        assertThat(row.warmup()).isTrue();
    }

    @Test
    void rocAndRealizedVolatilityFollowTheirDefinitions() {
        List<Candle> candles = createBitstampCandles(PAIR, 300);
        FeatureRow row = FeatureCalculator.compute(candles, V1);
        double[] close = candles.stream().mapToDouble(c -> c.close().doubleValue()).toArray();
        int last = close.length - 1;

        assertThat(row.values().get("roc_10")).isCloseTo(100 * (close[last] / close[last - 10] - 1), within(1e-9));
        double sumOfSquares = 0;
        for (int i = last - 14; i <= last; i++) {
            double r = Math.log(close[i] / close[i - 1]);
            sumOfSquares += r * r;
        }
        assertThat(row.values().get("realized_vol_15")).isCloseTo(Math.sqrt(sumOfSquares), within(1e-12));
        assertThat(row.values().get("realized_vol_15")).isPositive();
    }

    @Test
    void indicatorsEqualTa4jsComputedIndependentlyOverTheSameWindow() {
        List<Candle> candles = createBitstampCandles(PAIR, 300);
        FeatureRow row = FeatureCalculator.compute(candles, V1);

        BarSeries series = new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance()).build();
        for (Candle c : candles.subList(300 - FeatureCalculator.WINDOW, 300)) {
            series.barBuilder().timePeriod(java.time.Duration.ofMinutes(1)).endTime(c.end())
                    .openPrice(c.open()).highPrice(c.high()).lowPrice(c.low()).closePrice(c.close())
                    .volume(c.volume()).add();
        }
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        MACDIndicator macd = new MACDIndicator(close, 12, 26);
        BollingerBandFacade bollinger = new BollingerBandFacade(series, 20, 2);
        Map<String, Indicator<Num>> expected = new LinkedHashMap<>();
        expected.put("rsi_14", new RSIIndicator(close, 14));
        expected.put("rsi_7", new RSIIndicator(close, 7));
        expected.put("ema_60", new EMAIndicator(close, 60));
        expected.put("macd_line", macd);
        expected.put("macd_signal", new EMAIndicator(macd, 9));
        expected.put("bb_upper", bollinger.upper());
        expected.put("bb_lower", bollinger.lower());
        expected.put("bb_percent_b", bollinger.percentB());
        expected.put("stoch_rsi_14", new StochasticRSIIndicator(new RSIIndicator(close, 14), 14));
        expected.put("adx_14", new ADXIndicator(series, 14, 14));
        expected.put("atr_14", new ATRIndicator(series, 14));
        expected.put("mfi_14", new MoneyFlowIndexIndicator(series, 14));

        int newest = series.getEndIndex();
        expected.forEach((name, indicator) -> {
            double value = indicator.getValue(newest).doubleValue();
            assertThat(row.values().get(name)).as(name).isNotNull()
                    .isCloseTo(value, within(1e-9 * Math.max(1, Math.abs(value))));
        });
        // the window's history before it does not matter, so the names are not each other's values by chance
        assertThat(row.values().get("rsi_14")).isNotEqualTo(row.values().get("rsi_7"));
        assertThat(row.values().get("bb_upper")).isGreaterThan(row.values().get("bb_middle"))
                .isGreaterThan(row.values().get("bb_lower"));
    }

    @Test
    void aRowDependsOnItsWindowOnly() {
        List<Candle> candles = createBitstampCandles(PAIR, 400);

        FeatureRow fromAll = FeatureCalculator.compute(candles, V1);
        FeatureRow fromWindow = FeatureCalculator.compute(candles.subList(400 - FeatureCalculator.WINDOW, 400), V1);
        // a window that starts elsewhere seeds ta4j's recursive averages elsewhere
        FeatureRow fromShorterWindow = FeatureCalculator.compute(candles.subList(400 - 120, 400), V1);

        assertThat(fromAll).isEqualTo(fromWindow);
        assertThat(fromShorterWindow.values().get("ema_60")).isNotEqualTo(fromWindow.values().get("ema_60"));
        assertThat(fromShorterWindow.values().get("obv")).isNotEqualTo(fromWindow.values().get("obv"));
    }

    @Test
    void rowByRowAndComputeAllGiveIdenticalRows() {
        List<Candle> candles = createBitstampCandles(PAIR, 320);

        for (String set : List.of(V1, V2)) {
            List<FeatureRow> all = FeatureCalculator.computeAll(candles, set);

            assertThat(all).hasSize(320);
            for (int i = 0; i < candles.size(); i++) {
                assertThat(FeatureCalculator.compute(candles.subList(0, i + 1), set)).as("%s row %d", set, i)
                        .isEqualTo(all.get(i));
            }
            assertThat(all.get(319).time()).isEqualTo(candles.get(319).end());
            assertThat(all.get(319).featureSet()).isEqualTo(set);
            assertThat(all.get(319).values()).doesNotContainValue(null);
        }
        assertThat(FeatureCalculator.computeAll(candles)).isEqualTo(FeatureCalculator.computeAll(candles, V2));
    }

    @Test
    void rowsAreWarmUpUntilTheWindowIsFull() {
        List<FeatureRow> rows = FeatureCalculator.computeAll(createCandles(PAIR, 300, 7));

        assertThat(rows.get(0).warmup()).isTrue();
        assertThat(rows.get(FeatureCalculator.WARMUP_CANDLES - 2).warmup()).isTrue();
        assertThat(rows.get(FeatureCalculator.WARMUP_CANDLES - 1).warmup()).isFalse();
        assertThat(rows.stream().filter(FeatureRow::warmup).count()).isEqualTo(FeatureCalculator.WARMUP_CANDLES - 1);
        assertThat(FeatureCalculator.WARMUP_CANDLES).isEqualTo(240);
    }

    @Test
    void eachValueIsNullUntilItsIndicatorHasEnoughCandles() {
        List<FeatureRow> rows = FeatureCalculator.computeAll(createCandles(PAIR, 300, 11), V1);
        // row index at which the value first exists = candles needed − 1
        Map<String, Integer> firstDefined = new LinkedHashMap<>();
        firstDefined.put("obv", 0);
        firstDefined.put("log_return_1", 1);
        firstDefined.put("sma_7", 6);
        firstDefined.put("ema_7", 7);
        firstDefined.put("roc_10", 10);
        firstDefined.put("rsi_14", 14);
        firstDefined.put("atr_14", 14);
        firstDefined.put("mfi_14", 14);
        firstDefined.put("realized_vol_15", 15);
        firstDefined.put("bb_percent_b", 19);
        firstDefined.put("macd_line", 26);
        firstDefined.put("macd_signal", 26);
        firstDefined.put("macd_hist", 26);
        firstDefined.put("stoch_rsi_14", 27);
        firstDefined.put("adx_14", 29);
        firstDefined.put("volume_zscore_60", 59);
        firstDefined.put("sma_60", 59);
        firstDefined.put("ema_60", 60);
        firstDefined.put("realized_vol_60", 60);

        firstDefined.forEach((name, index) -> {
            if (index > 0) {
                assertThat(rows.get(index - 1).values().get(name)).as("%s at row %d", name, index - 1).isNull();
            }
            for (int i = index; i < rows.size(); i++) {
                assertThat(rows.get(i).values().get(name)).as("%s at row %d", name, i).isNotNull();
            }
        });
        // from the 61st candle on, every feature has a value
        assertThat(rows.get(60).values()).doesNotContainValue(null);
        assertThat(rows.get(59).values()).containsEntry("ema_60", null);
    }

    @Test
    void undefinedValuesAreNullNeverNaNInTheRowOrItsJson() throws Exception {
        // a flat market without trades: zero-width bands and constant volume leave %b and the z-score undefined
        List<Candle> flat = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            flat.add(createCandle(PAIR, DEFAULT_START.plus(i, ChronoUnit.MINUTES), "800.5", "0"));
        }

        FeatureRow row = FeatureCalculator.compute(flat, V1);
        byte[] json = Json.mapper().writeValueAsBytes(row);
        String text = new String(json, StandardCharsets.UTF_8);

        assertThat(row.values()).containsEntry("bb_percent_b", null).containsEntry("volume_zscore_60", null);
        assertThat(row.values().get("bb_width")).isEqualTo(0.0);
        assertThat(row.values().get("sma_60")).isEqualTo(800.5);
        assertThat(row.values().values()).allMatch(v -> v == null || Double.isFinite(v));
        assertThat(text).contains("\"bb_percent_b\":null").doesNotContain("NaN").doesNotContain("Infinity");
        assertThat(EventValidator.validate(EventTypes.FEATURES, json)).isEmpty();
        assertThat(Json.mapper().readValue(json, FeatureRow.class)).isEqualTo(row);
    }

    @Test
    void theFirstCandleAloneHasOnlyObv() {
        FeatureRow row = FeatureCalculator.compute(createCandles(PAIR, 1, 3), V1);

        assertThat(row.values()).containsEntry("obv", 0.0);
        assertThat(row.values().entrySet()).filteredOn(e -> !e.getKey().equals("obv")).allMatch(e -> e.getValue() == null);
        assertThat(row.warmup()).isTrue();
    }

    @Test
    void candlesOutOfOrderOrOfTwoPairsAreRejected() {
        List<Candle> candles = createCandles(PAIR, 3, 5);
        List<Candle> reversed = List.of(candles.get(1), candles.get(0));
        List<Candle> mixed = List.of(candles.get(0), createCandles("ETH/USD", 2, 5).get(1));

        assertThatThrownBy(() -> FeatureCalculator.compute(reversed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time order");
        assertThatThrownBy(() -> FeatureCalculator.computeAll(mixed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one pair");
        assertThatThrownBy(() -> FeatureCalculator.compute(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
