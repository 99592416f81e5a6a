package dev.tickcast.train.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.featurestore.FeatureStore;
import dev.tickcast.marketdata.TradesFile;
import dev.tickcast.runtime.testing.StackTestResource;
import dev.tickcast.registry.ModelRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The real Bitstamp week (2013-11-25 … 12-01, 100,000 trades): one-minute candles, featurize's market-v2
 * features written to the feature store, then a full training run. Whatever the holdout says is printed: this
 * is the honest figure against persistence, and also the benchmark (rows, features, seconds). Several minutes
 * of CPU, so it runs on request: {@code -Dtickcast.real-week=true}.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
@EnabledIfSystemProperty(named = "tickcast.real-week", matches = "true")
class RealWeekTrainingTest {
    private static final String PAIR = "BTC/USD";

    @Inject
    FeatureStore store;

    @Inject
    TrainJob job;

    @Inject
    ModelRegistry registry;

    @Test
    void trainsOnTheRealWeekAndReportsItsHoldoutAgainstPersistence() throws Exception {
        long t0 = System.nanoTime();
        List<Candle> candles = candles(TradesFile.bitstamp());
        List<FeatureRow> rows = computeAll(candles);
        long t1 = System.nanoTime();
        for (FeatureRow row : rows) {
            store.upsert(row, 0).await().indefinitely();
        }
        long t2 = System.nanoTime();
        System.out.printf("real week: %d candles, %d feature rows computed in %.1f s, stored in %.1f s%n",
                candles.size(), rows.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);

        TrainJob.Outcome outcome = job.train(PAIR, candles.get(0).start(), candles.get(candles.size() - 1).end(),
                System.out::println);
        Trainer.Result r = outcome.result();
        System.out.printf("real week: %s %s — %s%n", outcome.promoted() ? "PROMOTED" : "REJECTED", outcome.version(),
                outcome.reason());
        System.out.printf("real week benchmark: %d rows × %d features, training (search + folds + final) %.1f s%n",
                r.dataset().size(), r.dataset().featureNames().size(), r.seconds());
        Path report = Path.of("target/real-week/report.html");
        Files.write(report, registry.read(PAIR, outcome.version(), ModelRegistry.REPORT).orElseThrow());
        System.out.println("real week: report copied to " + report.toAbsolutePath());

        assertThat(r.dataset().featureSet()).isEqualTo("market-v2");
        assertThat(r.dataset().featureNames()).hasSize(37);
        assertThat(r.dataset().warmupSkipped()).isEqualTo(239);
        assertThat(r.dataset().size()).isEqualTo(r.dataset().candidates() - r.dataset().noTarget());
        JsonNode metadata = registry.metadata(PAIR, outcome.version()).orElseThrow();
        assertThat(metadata.path("metrics").path("holdout").path("persistence").path("mae").asDouble())
                .isEqualTo(r.persistence().mae()).isPositive();
        assertThat(metadata.path("gate").path("promote").asBoolean()).isEqualTo(outcome.promoted());
    }

    /** One-minute candles; a minute without trades carries the last close forward (as aggregate does). */
    static List<Candle> candles(List<Trade> trades) {
        List<Candle> candles = new ArrayList<>();
        Instant minute = trades.get(0).time().truncatedTo(ChronoUnit.MINUTES);
        BigDecimal lastClose = null;
        int i = 0;
        while (i < trades.size()) {
            List<Trade> inMinute = new ArrayList<>();
            while (i < trades.size() && trades.get(i).time().truncatedTo(ChronoUnit.MINUTES).equals(minute)) {
                inMinute.add(trades.get(i++));
            }
            if (inMinute.isEmpty()) {
                candles.add(new Candle(PAIR, minute, minute.plusSeconds(60), lastClose, lastClose, lastClose, lastClose,
                        BigDecimal.ZERO, lastClose, 0, true, 0));
            } else {
                BigDecimal high = inMinute.get(0).price();
                BigDecimal low = high;
                BigDecimal volume = BigDecimal.ZERO;
                BigDecimal notional = BigDecimal.ZERO;
                for (Trade t : inMinute) {
                    high = high.max(t.price());
                    low = low.min(t.price());
                    volume = volume.add(t.quantity());
                    notional = notional.add(t.price().multiply(t.quantity()));
                }
                BigDecimal close = inMinute.get(inMinute.size() - 1).price();
                candles.add(new Candle(PAIR, minute, minute.plusSeconds(60), inMinute.get(0).price(), high, low, close,
                        volume, volume.signum() == 0 ? close : notional.divide(volume, MathContext.DECIMAL64),
                        inMinute.size(), false, 0));
            }
            lastClose = candles.get(candles.size() - 1).close();
            minute = minute.plus(1, ChronoUnit.MINUTES);
        }
        return candles;
    }

    /** featurize's {@code FeatureCalculator.computeAll}, from the copied featurize jar. */
    @SuppressWarnings("unchecked")
    static List<FeatureRow> computeAll(List<Candle> candles) throws Exception {
        Path jar = Path.of("target/real-week/featurize.jar");
        try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() },
                RealWeekTrainingTest.class.getClassLoader())) {
            Class<?> calculator = loader.loadClass("dev.tickcast.featurize.service.FeatureCalculator");
            return (List<FeatureRow>) calculator.getMethod("computeAll", List.class).invoke(null, candles);
        }
    }
}
