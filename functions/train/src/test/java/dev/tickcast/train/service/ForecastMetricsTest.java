package dev.tickcast.train.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ForecastMetricsTest {
    private static TrainingRow createRow(double close, double target) {
        return new TrainingRow(Instant.EPOCH, new double[0], close, Double.NaN, target);
    }

    @Test
    void priceErrorsSkillAndDirectionByHand() {
        List<TrainingRow> rows = List.of(createRow(100, 110), createRow(100, 95), createRow(100, 100));
        double[] predicted = { Math.log(1.05), Math.log(1.02), Math.log(0.99) };
        ForecastMetrics m = ForecastMetrics.of(rows, predicted);

        // errors: 105-110 = -5, 102-95 = 7, 99-100 = -1
        assertThat(m.mae()).isCloseTo(13.0 / 3, within(1e-9));
        assertThat(m.rmse()).isCloseTo(Math.sqrt(75.0 / 3), within(1e-9));
        assertThat(m.maePersistence()).isCloseTo(15.0 / 3, within(1e-9));
        assertThat(m.skill()).isCloseTo(1 - 13.0 / 15, within(1e-9));
        // every row counts (evaluate's definition): up right, down wrong, a predicted fall on a flat outcome wrong
        assertThat(m.directionAccuracy()).isEqualTo(1.0 / 3);
        // one up, one down, one flat: "always up" is right once in three
        assertThat(m.directionBaseRate()).isEqualTo(1.0 / 3);
    }

    @Test
    void persistenceHasSkillZero() {
        List<TrainingRow> rows = List.of(createRow(100, 110), createRow(100, 95));
        ForecastMetrics m = ForecastMetrics.of(rows, Baselines.persistence(rows));
        assertThat(m.skill()).isZero();
        assertThat(m.mae()).isEqualTo(7.5);
        assertThat(m.directionAccuracy()).isZero();
        assertThat(m.directionBaseRate()).isEqualTo(0.5);
    }

    @Test
    void persistenceHitsExactlyTheFlatRowsAndTheBaseRateIsTheMajorityDirection() {
        List<TrainingRow> rows = List.of(createRow(100, 110), createRow(100, 100), createRow(100, 101),
                createRow(100, 99));
        ForecastMetrics m = ForecastMetrics.of(rows, Baselines.persistence(rows));
        assertThat(m.directionAccuracy()).isEqualTo(0.25);
        assertThat(m.directionBaseRate()).isEqualTo(0.5);
        assertThat(m.asMap("").get("direction_base_rate")).isEqualTo(0.5);
    }

    @Test
    void dieboldMarianoIsLargeForAClearlyBetterForecastAndSmallForAnEqualOne() {
        java.util.Random random = new java.util.Random(1);
        List<TrainingRow> rows = new java.util.ArrayList<>();
        double[] good = new double[500];
        double[] same = new double[500];
        for (int i = 0; i < 500; i++) {
            double r = 0.01 * random.nextGaussian();
            rows.add(createRow(100, 100 * Math.exp(r)));
            good[i] = r * 0.9;
            same[i] = random.nextBoolean() ? 1e-9 : -1e-9;
        }
        double[] persistence = Baselines.persistence(rows);
        assertThat(ErrorComparison.dieboldMariano(rows, good, persistence, 4)).isGreaterThan(10);
        assertThat(Math.abs(ErrorComparison.dieboldMariano(rows, same, persistence, 4))).isLessThan(2);
    }
}
