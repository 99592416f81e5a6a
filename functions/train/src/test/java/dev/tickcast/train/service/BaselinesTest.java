package dev.tickcast.train.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.tickcast.train.DjlModels;

class BaselinesTest {
    /** The persistence baseline is a model file like any other, and what DJL makes of it is a log return of 0.0. */
    @Test
    void thePersistenceModelPredictsALogReturnOfExactlyZeroThroughDjl() throws Exception {
        int columns = 30;
        Random random = new Random(7);
        float[][] rows = new float[50][columns];
        for (float[] row : rows) {
            for (int j = 0; j < columns; j++) {
                // prices, indicators, returns, missing values: nothing moves it
                row[j] = switch (j % 4) {
                    case 0 -> 800 + 100 * random.nextFloat();
                    case 1 -> (float) (0.01 * random.nextGaussian());
                    case 2 -> random.nextFloat() < 0.2 ? Float.NaN : 1e6f * random.nextFloat();
                    default -> -50 * random.nextFloat();
                };
            }
        }

        float[] predicted = DjlModels.predict(Baselines.persistenceModel(columns), rows);

        assertThat(predicted).hasSize(rows.length).containsOnly(0.0f);
    }
}
