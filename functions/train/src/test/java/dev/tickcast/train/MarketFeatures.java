package dev.tickcast.train;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.FeatureRow;

/**
 * Real feature rows for train's tests: candles (a planted pattern or pure noise) through featurize's own
 * {@code FeatureCalculator}, loaded from the copied featurize jar in a class loader of its own (featurize is a
 * Quarkus app: on the test class path its application.properties would become part of train's configuration).
 */
public final class MarketFeatures {
    private static final Instant START = Instant.parse("2026-02-02T00:00:00Z");

    private MarketFeatures() {
    }

    /** featurize's {@code FeatureCalculator.computeAll(candles, featureSet)}. */
    @SuppressWarnings("unchecked")
    public static List<FeatureRow> computeAll(List<Candle> candles, String featureSet) {
        Path jar = Path.of("target/real-week/featurize.jar");
        try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() },
                MarketFeatures.class.getClassLoader())) {
            Class<?> calculator = loader.loadClass("dev.tickcast.featurize.service.FeatureCalculator");
            return (List<FeatureRow>) calculator.getMethod("computeAll", List.class, String.class).invoke(null, candles,
                    featureSet);
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new IllegalStateException("featurize's FeatureCalculator from " + jar.toAbsolutePath(), e);
        }
    }

    /**
     * {@code count} one-minute candles whose next five-minute log return is −0.8 × the last five-minute one plus
     * noise (each residue class of the minute mod 5 is its own mean-reverting chain): {@code log_return_5}, a
     * market-v2 feature, predicts the target; persistence cannot.
     */
    public static List<Candle> createMeanReverting(String pair, int count, long seed) {
        Random random = new Random(seed);
        double[] close = new double[count];
        for (int i = 0; i < count; i++) {
            if (i < 10) {
                close[i] = 800 * Math.exp(0.002 * random.nextGaussian());
            } else {
                double last = Math.log(close[i - 5] / close[i - 10]);
                close[i] = close[i - 5] * Math.exp(-0.8 * last + 0.002 * random.nextGaussian());
            }
        }
        return candles(pair, close, random);
    }

    /** A random walk: nothing in the past says where the price goes. */
    public static List<Candle> createNoise(String pair, int count, long seed) {
        Random random = new Random(seed);
        double[] close = new double[count];
        double price = 800;
        for (int i = 0; i < count; i++) {
            price *= Math.exp(0.001 * random.nextGaussian());
            close[i] = price;
        }
        return candles(pair, close, random);
    }

    private static List<Candle> candles(String pair, double[] close, Random random) {
        List<Candle> candles = new ArrayList<>(close.length);
        for (int i = 0; i < close.length; i++) {
            BigDecimal c = BigDecimal.valueOf(close[i]).setScale(6, RoundingMode.HALF_UP);
            BigDecimal open = i == 0 ? c : candles.get(i - 1).close();
            BigDecimal high = c.max(open).add(BigDecimal.valueOf(0.05 * random.nextDouble()).setScale(6, RoundingMode.HALF_UP));
            BigDecimal low = c.min(open).subtract(BigDecimal.valueOf(0.05 * random.nextDouble()).setScale(6, RoundingMode.HALF_UP));
            BigDecimal volume = BigDecimal.valueOf(0.1 + 5 * random.nextDouble()).setScale(8, RoundingMode.HALF_UP);
            Instant start = START.plus(i, ChronoUnit.MINUTES);
            candles.add(new Candle(pair, start, start.plusSeconds(60), open, high, low, c, volume, c,
                    1 + random.nextInt(20), false, 0));
        }
        return candles;
    }
}
