package dev.tickcast.train;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.tickcast.contracts.market.FeatureRow;

/** Feature rows for train's tests: a series with a planted, learnable signal and one of pure noise. */
public final class FeatureFixtures {
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");
    public static final String FEATURE_SET = "market-v2";
    public static final int DEFAULT_WARMUP = 10;

    private FeatureFixtures() {
    }

    /**
     * {@code count} minutes whose five-minute log return is {@code 0.002 × signal(t)} plus a little noise, where
     * {@code signal} is a feature of the row at t: XGBoost can learn it, persistence cannot.
     */
    public static List<FeatureRow> createPlantedSignal(String pair, int count, long seed) {
        return createRegimeChange(pair, count, count, seed);
    }

    /** {@link #createPlantedSignal} whose first row is a minute after {@code start} (e.g. in a replayed 2013). */
    public static List<FeatureRow> createPlantedSignal(String pair, int count, long seed, Instant start) {
        return createPlantedSignal(pair, count, seed).stream().map(r -> new FeatureRow(r.pair(),
                start.plus(java.time.Duration.between(DEFAULT_START, r.time())), r.close(), r.values(), r.warmup(),
                r.featureSet())).toList();
    }

    /**
     * Like {@link #createPlantedSignal} up to row {@code switchAt}; from there the return follows the feature
     * {@code noise_a} instead: a model of the first regime is worthless in the second.
     */
    public static List<FeatureRow> createRegimeChange(String pair, int count, int switchAt, long seed) {
        Random random = new Random(seed);
        double[] signal = new double[count];
        double[] other = new double[count];
        double[] close = new double[count];
        for (int i = 0; i < count; i++) {
            signal[i] = random.nextGaussian();
            other[i] = random.nextGaussian();
        }
        for (int i = 0; i < count; i++) {
            // each residue class mod 5 is its own chain: close[t + 5] = close[t] · exp(0.002 · driver[t] + ε)
            double driver = i - 5 < switchAt ? (i >= 5 ? signal[i - 5] : 0) : other[i - 5];
            close[i] = i < 5 ? 800 + i : close[i - 5] * Math.exp(0.002 * driver + 0.0003 * random.nextGaussian());
        }
        return rows(pair, close, signal, other, random);
    }

    /** A random walk with features independent of its future: nothing to learn. */
    public static List<FeatureRow> createNoise(String pair, int count, long seed) {
        Random random = new Random(seed);
        double[] signal = new double[count];
        double[] close = new double[count];
        double price = 800;
        for (int i = 0; i < count; i++) {
            signal[i] = random.nextGaussian();
            price *= Math.exp(0.001 * random.nextGaussian());
            close[i] = price;
        }
        double[] other = new double[count];
        for (int i = 0; i < count; i++) {
            other[i] = random.nextGaussian();
        }
        return rows(pair, close, signal, other, random);
    }

    private static List<FeatureRow> rows(String pair, double[] close, double[] signal, double[] other, Random random) {
        List<FeatureRow> rows = new ArrayList<>(close.length);
        for (int i = 0; i < close.length; i++) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("signal", signal[i]);
            values.put("noise_a", other[i]);
            values.put("noise_b", random.nextDouble());
            values.put("log_return_1", i == 0 ? 0 : Math.log(close[i] / close[i - 1]));
            rows.add(new FeatureRow(pair, DEFAULT_START.plus(i + 1, ChronoUnit.MINUTES),
                    BigDecimal.valueOf(close[i]).setScale(6, RoundingMode.HALF_UP), values, i < DEFAULT_WARMUP,
                    FEATURE_SET));
        }
        return rows;
    }
}
