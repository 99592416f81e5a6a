package dev.tickcast.train.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.tickcast.train.DjlModels;

class LinearBaselineTest {
    private static final List<String> COLUMNS = List.of("ema_12", "log_return_1", "log_return_5", "rsi_14");
    private static final Instant DEFAULT_START = Instant.parse("2013-11-25T00:00:00Z");

    /**
     * {@code count} rows whose five-minute log return is {@code slope × log_return_5} plus heavy-tailed noise
     * (a few violent minutes); the other columns carry a level (ema_12) and an oscillator that mean nothing.
     */
    private static Dataset createDataset(int count, double slope, long seed) {
        Random random = new Random(seed);
        List<TrainingRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double r5 = 0.002 * random.nextGaussian();
            double noise = 0.0005 * random.nextGaussian() + (random.nextDouble() < 0.03 ? 0.01 * random.nextGaussian() : 0);
            double close = 800 + random.nextDouble();
            double[] x = { close * (1 + 0.001 * random.nextGaussian()), 0.001 * random.nextGaussian(), r5,
                    100 * random.nextDouble() };
            rows.add(new TrainingRow(DEFAULT_START.plus(i, ChronoUnit.MINUTES), x, close, 0,
                    close * Math.exp(slope * r5 + noise)));
        }
        return new Dataset(COLUMNS, "market-v1", rows, count, 0, 0);
    }

    private static LinearBaseline.Result fit(Dataset dataset) {
        List<TrainingRow> holdout = dataset.rows().subList((int) (dataset.size() * 0.8), dataset.size());
        return LinearBaseline.fit(dataset, holdout, 42);
    }

    @Test
    void aPlantedLinearSignalInTheReturnsIsRecoveredAndPassesTheGate() throws Exception {
        Dataset dataset = createDataset(2000, 0.6, 1);

        LinearBaseline.Result r = fit(dataset);
        try {
            assertThat(r.inputs()).containsExactly("log_return_1", "log_return_5");
            assertThat(r.weights().get("log_return_5")).isBetween(0.5, 0.7);
            assertThat(r.weights().get("log_return_1")).isBetween(-0.1, 0.1);
            assertThat(r.model().skill()).isGreaterThan(0.1);
            assertThat(PromotionGate.decide(r.model(), r.dieboldMariano(), Optional.empty()).promote()).isTrue();

            // served as predict serves it: DJL on the full vector, the non-return columns (weight 0) included
            float[][] input = new float[20][];
            for (int i = 0; i < input.length; i++) {
                double[] x = r.holdout().get(i).features();
                input[i] = new float[x.length];
                for (int j = 0; j < x.length; j++) {
                    input[i][j] = (float) x[j];
                }
            }
            float[] served = DjlModels.predict(r.regressor().toJson(), input);
            for (int i = 0; i < served.length; i++) {
                assertThat((double) served[i]).isCloseTo(r.predicted()[i], org.assertj.core.data.Offset.offset(1e-7));
            }
        } finally {
            r.regressor().dispose();
        }
    }

    @Test
    void noiseIsNotMistakenForASignal() {
        LinearBaseline.Result r = fit(createDataset(2000, 0, 2));
        try {
            assertThat(Math.abs(r.weights().get("log_return_5"))).isLessThan(0.1);
            PromotionGate.Decision decision = PromotionGate.decide(r.model(), r.dieboldMariano(), Optional.empty());
            assertThat(decision.promote()).as(decision.reason()).isFalse();
        } finally {
            r.regressor().dispose();
        }
    }

    @Test
    void aDatasetWithoutReturnColumnsIsRefusedNamingTheRule() {
        Dataset dataset = createDataset(400, 0.6, 3);
        Dataset noReturns = new Dataset(List.of("a", "b", "c", "d"), "market-v1", dataset.rows(), 400, 0, 0);
        assertThatThrownBy(() -> fit(noReturns)).hasMessageStartingWith("features: the linear baseline needs log_return_* columns");
    }
}
