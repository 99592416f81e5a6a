package dev.tickcast.train.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.train.MarketFeatures;

/**
 * The trainer on market-v2 rows computed by featurize's own calculator from candles: a planted pattern is found
 * and passes the gate with the robust objectives, pure noise does not pass, and the model served is the refit.
 */
class TrainerTest {
    private static final String V2 = "market-v2";
    private static final int CANDLES = 1000;
    /** Two points of the grid: enough to choose between, cheap enough for a unit test. */
    private static final List<Hyperparameters> GRID = List.of(new Hyperparameters(3, 0.1, 20, 0.8),
            new Hyperparameters(2, 0.05, 100, 0.8));

    private static Dataset dataset(List<FeatureRow> rows) {
        Instant until = rows.get(rows.size() - 1).time().plusSeconds(1);
        return DatasetBuilder.build(rows, SentimentFeatures.NONE, until);
    }

    @Test
    void aPlantedMeanReversionInMarketV2IsFoundAndPassesTheGateWithEachRobustObjective() {
        Dataset dataset = dataset(MarketFeatures.computeAll(MarketFeatures.createMeanReverting("MR/USD", CANDLES, 3), V2));
        assertThat(dataset.featureSet()).isEqualTo(V2);
        assertThat(dataset.featureNames()).contains("log_return_5", "return_z_5", "tick_flow_15").doesNotContain("sma_7");

        for (Objective objective : List.of(Objective.PSEUDO_HUBER, Objective.ABSOLUTE_ERROR)) {
            Trainer.Result r = new Trainer(0.2, 4, 42, objective, GRID).train(dataset, line -> { });
            try {
                PromotionGate.Decision decision = PromotionGate.decide(r.model(), r.dieboldMariano(), Optional.empty());
                assertThat(decision.promote()).as("%s: %s", objective, decision.reason()).isTrue();
                assertThat(r.objective()).isEqualTo(objective);
                assertThat(r.model().skill()).as("%s", objective).isGreaterThan(0.2);
                assertThat(r.model().directionAccuracy()).as("%s", objective)
                        .isGreaterThan(r.model().directionBaseRate() + 0.1);
                assertThat(r.importance().keySet().stream().limit(3).toList()).as("%s", objective)
                        .containsAnyOf("log_return_5", "return_z_5");
                assertThat(r.folds()).allSatisfy(f -> assertThat(f.model().skill()).isPositive());
            } finally {
                r.dispose();
            }
        }
    }

    @Test
    void pureNoiseInMarketV2DoesNotPassTheGate() {
        Dataset dataset = dataset(MarketFeatures.computeAll(MarketFeatures.createNoise("RW/USD", CANDLES, 5), V2));

        Trainer.Result r = new Trainer(0.2, 4, 42, Trainer.DEFAULT_OBJECTIVE, GRID).train(dataset, line -> { });
        try {
            PromotionGate.Decision decision = PromotionGate.decide(r.model(), r.dieboldMariano(), Optional.empty());
            assertThat(decision.promote()).as(decision.reason()).isFalse();
            assertThat(r.objective()).isEqualTo(Trainer.DEFAULT_OBJECTIVE);
        } finally {
            r.dispose();
        }
    }

    @Test
    void theChoiceIsTheBestMeanValidationSkillAndTheServedModelIsRefitOnEveryRow() {
        Dataset dataset = dataset(MarketFeatures.computeAll(MarketFeatures.createMeanReverting("MR/USD", CANDLES, 7), V2));

        Trainer.Result r = new Trainer(0.2, 4, 42, Trainer.DEFAULT_OBJECTIVE, GRID).train(dataset, line -> { });
        try {
            Trainer.SearchPoint best = r.search().stream()
                    .max(Comparator.comparingDouble(Trainer.SearchPoint::meanValidationSkill)).orElseThrow();
            assertThat(r.search()).extracting(Trainer.SearchPoint::hyperparameters).containsExactlyElementsOf(GRID);
            assertThat(r.hyperparameters()).isEqualTo(best.hyperparameters());
            assertThat(r.rounds()).isEqualTo(best.rounds());
            assertThat(r.folds()).allSatisfy(f -> assertThat(f.rounds()).isEqualTo(best.rounds()));

            // the holdout figures are those of the model fitted without the holdout
            assertThat(r.trainRows()).isLessThan(dataset.size() - r.holdout().size() + 1);
            assertThat(r.predicted()).containsExactly(r.regressor().predict(r.holdout()));
            assertThat(r.model()).isEqualTo(ForecastMetrics.of(r.holdout(), r.predicted()));
            // the served model saw every row, with the rounds grown by the rows
            assertThat(r.servedRounds()).isEqualTo(
                    Math.max(1, (int) Math.round(r.rounds() * (double) dataset.size() / r.trainRows())));
            assertThat(r.servedRounds()).isGreaterThan(r.rounds());
            double[] served = r.served().predict(r.holdout());
            assertThat(served).isNotEqualTo(r.predicted());
            // having seen the holdout, it fits it at least as well (in sample: not a figure to report)
            assertThat(ForecastMetrics.of(r.holdout(), served).mae()).isLessThanOrEqualTo(r.model().mae() * 1.001);
            assertThat(r.huberSlope()).isCloseTo(Trainer.medianAbsoluteReturn(
                    dataset.rows().subList(0, r.trainRows())), within(1e-15));
        } finally {
            r.dispose();
        }
    }
}
