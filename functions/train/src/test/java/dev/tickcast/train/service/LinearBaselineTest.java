package dev.tickcast.train.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
    /** The planted weight of rsi_14 (0…100) on the log return: 0.4 % over the oscillator's whole range. */
    private static final double RSI_WEIGHT = 0.00004;

    /**
     * {@code count} rows whose five-minute log return is {@code slope × (0.6 × log_return_5 + RSI_WEIGHT ×
     * (rsi_14 − 50))} plus heavy-tailed noise (a few violent minutes): a signal in two columns whose scales differ
     * by four orders of magnitude, next to a price level (ema_12, ~800) and a return (log_return_1) that mean
     * nothing.
     */
    private static Dataset createDataset(int count, double slope, long seed) {
        Random random = new Random(seed);
        List<TrainingRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double r5 = 0.002 * random.nextGaussian();
            double rsi = 100 * random.nextDouble();
            double noise = 0.0005 * random.nextGaussian() + (random.nextDouble() < 0.03 ? 0.01 * random.nextGaussian() : 0);
            double close = 800 + random.nextDouble();
            double[] x = { close * (1 + 0.001 * random.nextGaussian()), 0.001 * random.nextGaussian(), r5, rsi };
            double signal = slope * (0.6 * r5 + RSI_WEIGHT * (rsi - 50));
            rows.add(new TrainingRow(DEFAULT_START.plus(i, ChronoUnit.MINUTES), x, close, 0,
                    close * Math.exp(signal + noise)));
        }
        return new Dataset(COLUMNS, "market-v2", rows, count, 0, 0);
    }

    private static List<TrainingRow> holdout(Dataset dataset) {
        return dataset.rows().subList((int) (dataset.size() * 0.8), dataset.size());
    }

    private static LinearBaseline.Result fit(Dataset dataset) {
        return LinearBaseline.fit(dataset, holdout(dataset), 42);
    }

    @Test
    void aPlantedLinearSignalAcrossDifferentlyScaledColumnsIsRecoveredAndPassesTheGate() {
        LinearBaseline.Result r = fit(createDataset(2000, 1, 1));
        try {
            assertThat(r.inputs()).isEqualTo(COLUMNS);
            assertThat(r.objective()).isEqualTo(Objective.ABSOLUTE_ERROR);
            // the served weights are on the raw columns. Both planted weights come back at about half their size:
            // gblinear's lambda = 1 is scaled by the hessian sum (the row count under the absolute error), a ridge
            // as strong as the data on standardized columns; it shrinks them alike, so their ratio is kept
            double r5 = r.weights().get("log_return_5");
            double rsi = r.weights().get("rsi_14");
            assertThat(r5).as(r.weights().toString()).isBetween(0.35 * 0.6, 0.65 * 0.6);
            assertThat(rsi).as(r.weights().toString()).isBetween(0.35 * RSI_WEIGHT, 0.65 * RSI_WEIGHT);
            assertThat((rsi / r5) / (RSI_WEIGHT / 0.6)).as("ratio of the planted weights").isBetween(0.8, 1.25);
            assertThat(Math.abs(r.weights().get("log_return_1"))).isLessThan(0.1);
            assertThat(Math.abs(r.weights().get("ema_12") * 0.8)).as("ema_12 × its sd").isLessThan(0.0002);
            assertThat(r.model().skill()).isGreaterThan(0.1);
            assertThat(PromotionGate.decide(r.model(), r.dieboldMariano(), Optional.empty()).promote()).isTrue();
        } finally {
            r.regressor().dispose();
        }
    }

    @Test
    void theServedModelPredictsOnRawRowsWhatTheStandardizedFitDoes() throws Exception {
        Dataset dataset = createDataset(2000, 1, 4);
        List<TrainingRow> holdout = holdout(dataset);
        LinearBaseline.Fit fit = LinearBaseline.fit(
                new Dataset(COLUMNS, "market-v2", dataset.rows().subList(0, 1500), 1500, 0, 0), Objective.ABSOLUTE_ERROR, 42);
        try {
            double[] standardized = fit.predictStandardized(holdout);
            // xgboost4j on the model JSON predict writes
            XgboostRegressor reloaded = XgboostRegressor.load(fit.served().toJson(), COLUMNS);
            double[] served;
            try {
                served = reloaded.predict(holdout);
            } finally {
                reloaded.dispose();
            }
            // DJL, as predict serves it, on the raw float vectors
            float[][] input = new float[holdout.size()][];
            for (int i = 0; i < input.length; i++) {
                double[] x = holdout.get(i).features();
                input[i] = new float[x.length];
                for (int j = 0; j < x.length; j++) {
                    input[i][j] = (float) x[j];
                }
            }
            float[] djl = DjlModels.predict(fit.served().toJson(), input);
            double spread = 0;
            for (int i = 0; i < standardized.length; i++) {
                spread = Math.max(spread, Math.abs(standardized[i]));
            }
            assertThat(spread).as("the fit predicts something").isGreaterThan(1e-3);
            for (int i = 0; i < standardized.length; i++) {
                // float precision on a prediction of ~1e-3: the raw sum over a price level of ~800 loses a few ulps
                assertThat(served[i]).as("xgboost4j, row %d", i).isCloseTo(standardized[i], within(1e-7));
                assertThat((double) djl[i]).as("DJL, row %d", i).isCloseTo(standardized[i], within(1e-7));
            }
        } finally {
            fit.dispose();
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
    void aDatasetWithoutColumnsIsRefusedNamingTheRule() {
        Dataset dataset = createDataset(400, 1, 3);
        List<TrainingRow> empty = dataset.rows().stream()
                .map(r -> new TrainingRow(r.time(), new double[0], r.close(), r.drift(), r.targetClose())).toList();
        Dataset noColumns = new Dataset(List.of(), "market-v2", empty, 400, 0, 0);
        assertThatThrownBy(() -> fit(noColumns)).hasMessageStartingWith("features: the linear model needs at least one column");
    }
}
