package dev.tickcast.train.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.train.FeatureFixtures;

class DatasetBuilderTest {
    private static final String PAIR = "BTC/USD";
    private static final Instant T0 = FeatureFixtures.DEFAULT_START;
    private static final Instant FAR = T0.plus(1, ChronoUnit.DAYS);

    private static Instant minute(int m) {
        return T0.plus(m, ChronoUnit.MINUTES);
    }

    private static FeatureRow createRow(int m, double close, double feature, boolean warmup) {
        return new FeatureRow(PAIR, minute(m), BigDecimal.valueOf(close), Map.of("f", feature), warmup, "market-v1");
    }

    private static TrainingRow at(Dataset d, int m) {
        return d.rows().stream().filter(r -> r.time().equals(minute(m))).findFirst().orElse(null);
    }

    @Test
    void targetIsTheCloseAtExactlyFiveMinutesLaterFoundByTimestampNotByShiftingRows() {
        List<FeatureRow> rows = new ArrayList<>();
        for (int m = 0; m < 20; m++) {
            if (m != 8 && m != 9) { // a gap: shifting rows by 5 would pair minute 3 with minute 10
                rows.add(createRow(m, 100 + m, m, false));
            }
        }
        Dataset d = DatasetBuilder.build(rows, SentimentFeatures.NONE, FAR);

        assertThat(at(d, 2).targetClose()).isEqualTo(107);
        assertThat(at(d, 5).targetClose()).isEqualTo(110);
        assertThat(at(d, 2).targetLogReturn()).isEqualTo(Math.log(107.0 / 102.0));
        // 3 and 4 point into the gap, 15..19 past the end: dropped and counted
        assertThat(at(d, 3)).isNull();
        assertThat(at(d, 4)).isNull();
        assertThat(d.noTarget()).isEqualTo(7);
        assertThat(d.candidates()).isEqualTo(18);
        assertThat(d.size()).isEqualTo(11);
    }

    @Test
    void warmupRowsAreNotExamplesButTheirClosesAreTargets() {
        List<FeatureRow> rows = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            rows.add(createRow(m, 100 + m, m, m < 3 || m == 9));
        }
        Dataset d = DatasetBuilder.build(rows, SentimentFeatures.NONE, FAR);

        assertThat(d.warmupSkipped()).isEqualTo(4);
        assertThat(d.rows()).extracting(TrainingRow::time).containsExactly(minute(3), minute(4), minute(5), minute(6));
        assertThat(at(d, 4).targetClose()).isEqualTo(109); // minute 9 is a warm-up row, still a valid close
    }

    @Test
    void rowsAtOrAfterUntilAreNotExamplesButServeAsTargets() {
        List<FeatureRow> rows = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            rows.add(createRow(m, 100 + m, m, false));
        }
        Dataset d = DatasetBuilder.build(rows, SentimentFeatures.NONE, minute(7));

        assertThat(d.rows()).extracting(TrainingRow::time).containsExactly(minute(0), minute(1), minute(2), minute(3),
                minute(4), minute(5), minute(6));
        assertThat(at(d, 6).targetClose()).isEqualTo(111);
    }

    @Test
    void driftBaselineUsesTheCloseFifteenMinutesBackByTimestamp() {
        List<FeatureRow> rows = new ArrayList<>();
        for (int m = 0; m < 30; m++) {
            rows.add(createRow(m, 100 * Math.exp(0.001 * m), m, false));
        }
        Dataset d = DatasetBuilder.build(rows, SentimentFeatures.NONE, FAR);

        assertThat(at(d, 10).drift()).isNaN();
        assertThat(at(d, 20).drift()).isCloseTo(0.005, org.assertj.core.data.Offset.offset(1e-12));
    }

    /**
     * A feature from after t can never enter the training row for t: every row after t and every sentiment value
     * after t is replaced by poison, and row t stays the same, value for value; the sentiment joined at t is the
     * latest one at or before t.
     */
    @Test
    void aFeatureFromAfterTCanNeverEnterTheTrainingRowForT() {
        List<FeatureRow> clean = FeatureFixtures.createPlantedSignal(PAIR, 400, 7);
        InMemorySentiment sentiment = new InMemorySentiment();
        Random random = new Random(3);
        for (FeatureRow row : clean) {
            if (random.nextInt(3) == 0) { // sentiment arrives irregularly, between and on candle closes
                sentiment.put(row.time().minusSeconds(random.nextInt(90)), random.nextDouble());
            }
        }
        Dataset reference = DatasetBuilder.build(clean, sentiment, FAR);
        assertThat(reference.featureNames()).containsExactly("log_return_1", "noise_a", "noise_b", "signal", "sentiment_score");

        for (int probe : List.of(60, 150, 249, 390)) {
            Instant t = clean.get(probe).time();
            TrainingRow before = reference.rows().stream().filter(r -> r.time().equals(t)).findFirst().orElseThrow();

            List<FeatureRow> poisoned = new ArrayList<>();
            for (FeatureRow row : clean) {
                if (!row.time().isAfter(t)) {
                    poisoned.add(row);
                } else {
                    Map<String, Double> values = new TreeMap<>();
                    row.values().keySet().forEach(k -> values.put(k, 1e9));
                    poisoned.add(new FeatureRow(row.pair(), row.time(), row.close(), values, row.warmup(), row.featureSet()));
                }
            }
            InMemorySentiment poisonedSentiment = sentiment.poisonedAfter(t, 1e9);
            Dataset after = DatasetBuilder.build(poisoned, poisonedSentiment, FAR);
            TrainingRow row = after.rows().stream().filter(r -> r.time().equals(t)).findFirst().orElseThrow();

            assertThat(row.features()).containsExactly(before.features());
            assertThat(row.features()).doesNotContain(1e9);
            assertThat(row.features()[4]).isEqualTo(sentiment.latestAtOrBefore(t));
        }
        // the poison is real: rows after the probe did change
        Instant last = clean.get(390).time();
        List<FeatureRow> poisonedAll = clean.stream().map(r -> r.time().isAfter(clean.get(60).time())
                ? new FeatureRow(r.pair(), r.time(), r.close(), Map.of("log_return_1", 1e9, "noise_a", 1e9, "noise_b", 1e9,
                        "signal", 1e9), r.warmup(), r.featureSet()) : r).toList();
        assertThat(DatasetBuilder.build(poisonedAll, sentiment, FAR).rows().stream()
                .filter(r -> r.time().equals(last)).findFirst().orElseThrow().features()).contains(1e9);
    }

    @Test
    void oneDatasetNeedsOneFeatureSet() {
        List<FeatureRow> rows = new ArrayList<>(List.of(createRow(0, 100, 0, false)));
        rows.add(new FeatureRow(PAIR, minute(1), BigDecimal.TEN, Map.of("f", 1.0), false, "market-v2"));
        assertThatThrownBy(() -> DatasetBuilder.build(rows, SentimentFeatures.NONE, FAR))
                .hasMessageContaining("feature_set: one training set needs one feature set");
    }

    @Test
    void schemaHashIsSha256HexOfFeatureSetAndOrderedNames() {
        String hash = Dataset.schemaHash("market-v1", List.of("a", "b"));
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(Dataset.schemaHash("market-v1", List.of("b", "a"))).isNotEqualTo(hash);
        assertThat(Dataset.schemaHash("market-v2", List.of("a", "b"))).isNotEqualTo(hash);
    }

    /** Sentiment scores at arbitrary instants, joined as of t like the database table. */
    static final class InMemorySentiment implements SentimentFeatures {
        private final TreeMap<Instant, Double> scores = new TreeMap<>();

        void put(Instant at, double score) {
            scores.put(at, score);
        }

        double latestAtOrBefore(Instant t) {
            var e = scores.floorEntry(t);
            return e == null ? Double.NaN : e.getValue();
        }

        InMemorySentiment poisonedAfter(Instant t, double poison) {
            InMemorySentiment copy = new InMemorySentiment();
            scores.forEach((at, v) -> copy.put(at, at.isAfter(t) ? poison : v));
            return copy;
        }

        @Override
        public List<String> names() {
            return List.of("sentiment_score");
        }

        @Override
        public List<double[]> asOfEach(List<Instant> times) {
            return times.stream().map(t -> new double[] { latestAtOrBefore(t) }).toList();
        }
    }
}
