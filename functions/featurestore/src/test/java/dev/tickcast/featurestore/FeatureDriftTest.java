package dev.tickcast.featurestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FeatureDriftTest {
    static double[] normal(long seed, int n, double mean) {
        Random random = new Random(seed);
        return java.util.stream.IntStream.range(0, n).mapToDouble(i -> mean + random.nextGaussian()).toArray();
    }

    @Test
    void trainingDecilesHoldATenthEachAndTheTrainingDataHasNoDrift() {
        double[] training = normal(1, 10_000, 0);
        FeatureDrift.Bins bins = FeatureDrift.fit(training).orElseThrow();
        assertThat(bins.edges()).hasSize(9).isSorted();
        for (double share : bins.proportions()) {
            assertThat(share).isCloseTo(0.1, within(0.002));
        }
        assertThat(bins.rows()).isEqualTo(10_000);
        assertThat(FeatureDrift.psi(bins, training)).isCloseTo(0, within(1e-12));
    }

    @Test
    void aFreshSampleOfTheSameDistributionIsStableAndAShiftedOneIsNot() {
        FeatureDrift.Bins bins = FeatureDrift.fit(normal(1, 10_000, 0)).orElseThrow();
        assertThat(FeatureDrift.psi(bins, normal(2, 60, 0))).isLessThan(0.25);
        assertThat(FeatureDrift.psi(bins, normal(3, 5_000, 0))).isLessThan(0.01);
        assertThat(FeatureDrift.psi(bins, normal(4, 60, 1.0))).isGreaterThan(0.25);
    }

    @Test
    void psiIsTheSumOfShareDifferencesTimesTheirLogRatio() {
        // edges 1, 2 → bins (-inf,1], (1,2], (2,inf); training shares 0.5, 0.25, 0.25
        FeatureDrift.Bins bins = new FeatureDrift.Bins(new double[] { 1, 2 }, new double[] { 0.5, 0.25, 0.25 }, 4);
        double[] actual = { 0.5, 1.0, 1.5, 3, Double.NaN }; // shares 0.5, 0.25, 0.25 → 0 ... then shift:
        assertThat(FeatureDrift.psi(bins, actual)).isCloseTo(0, within(1e-15));
        double[] shifted = { 1.5, 1.7, 3, 4 }; // shares 0, 0.5, 0.5
        double expected = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (0.5 - 0.25) * Math.log(0.5 / 0.25)
                + (0.5 - 0.25) * Math.log(0.5 / 0.25);
        assertThat(FeatureDrift.psi(bins, shifted)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void repeatedValuesGiveFewerEdgesAndSharesStillSumToOne() {
        double[] mostlyZero = new double[1000];
        for (int i = 900; i < 1000; i++) {
            mostlyZero[i] = i;
        }
        FeatureDrift.Bins bins = FeatureDrift.fit(mostlyZero).orElseThrow();
        assertThat(bins.edges()).containsExactly(0.0);
        assertThat(Arrays.stream(bins.proportions()).sum()).isCloseTo(1, within(1e-12));
        assertThat(bins.proportions()).containsExactly(0.9, 0.1);
        assertThat(FeatureDrift.fit(new double[] { Double.NaN })).isEmpty();
        assertThat(FeatureDrift.psi(bins, new double[] { Double.NaN })).isNaN();
    }

    @Test
    void binsSurviveTheirJsonAndOnlyKeyFeaturesAreFitted() {
        FeatureDrift.Bins bins = FeatureDrift.fit(normal(5, 500, 0)).orElseThrow();
        FeatureDrift.Bins back = FeatureDrift.Bins.fromJson(bins.toJson());
        assertThat(back.edges()).containsExactly(bins.edges());
        assertThat(back.proportions()).containsExactly(bins.proportions());
        var fitted = FeatureDrift.fitKeyFeatures(List.of("sma_7", "rsi_14"), List.of(new double[] { 800, 40 },
                new double[] { 801, 60 }));
        assertThat(fitted).containsOnlyKeys("rsi_14");
    }
}
