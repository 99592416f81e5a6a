package dev.tickcast.train.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ChampionRuleTest {
    private static final double PERSISTENCE_MAE = 1.0;

    private static ForecastMetrics createMetrics(double mae) {
        return new ForecastMetrics(1000, mae, mae * 1.3, PERSISTENCE_MAE, 1 - mae / PERSISTENCE_MAE, 0.55);
    }

    /** The persistence baseline as champion: it scores persistence's own error on any holdout. */
    private static Optional<PromotionGate.ChampionScore> persistenceChampion() {
        return Optional.of(PromotionGate.ChampionScore.scored("p1", createMetrics(PERSISTENCE_MAE)));
    }

    @Test
    void persistenceStaysChampionUntilACandidatePassesTheGate() {
        ChampionRule.Verdict v = ChampionRule.judge(persistenceChampion(), List.of(
                new ChampionRule.Contender("lin", "the linear baseline", createMetrics(1.01), 3),
                new ChampionRule.Contender("xgb", "XGBoost", createMetrics(0.99), 0.5)));

        assertThat(v.winner()).isEmpty();
        assertThat(v.decisions()).extracting(PromotionGate.Decision::promote).containsExactly(false, false);
        assertThat(v.decisions().get(1).reason()).contains("too little to tell from luck");
    }

    @Test
    void aCandidateThatPassesTheGateReplacesPersistence() {
        ChampionRule.Verdict v = ChampionRule.judge(persistenceChampion(), List.of(
                new ChampionRule.Contender("lin", "the linear baseline", createMetrics(0.9), 4),
                new ChampionRule.Contender("xgb", "XGBoost", createMetrics(1.2), 0)));

        assertThat(v.winner()).contains("lin");
        assertThat(v.decisions().get(0).reason()).contains("and champion p1 on the same holdout");
    }

    @Test
    void theBestThatPassedWinsAndAWorseCandidateDoesNot() {
        var champion = Optional.of(PromotionGate.ChampionScore.scored("old", createMetrics(0.8)));

        ChampionRule.Verdict better = ChampionRule.judge(champion, List.of(
                new ChampionRule.Contender("lin", "the linear baseline", createMetrics(0.7), 4),
                new ChampionRule.Contender("xgb", "XGBoost", createMetrics(0.6), 5)));
        assertThat(better.winner()).contains("xgb");
        assertThat(better.decisions().get(0).promote()).isTrue();
        assertThat(better.decisions().get(0).reason()).endsWith("not champion: XGBoost xgb did better on the same holdout");
        assertThat(better.decisions().get(1).reason()).contains("and champion lin on the same holdout");

        // passes persistence clearly, but not the champion: the champion stays
        ChampionRule.Verdict worse = ChampionRule.judge(champion, List.of(
                new ChampionRule.Contender("xgb", "XGBoost", createMetrics(0.85), 6)));
        assertThat(worse.winner()).isEmpty();
        assertThat(worse.decisions().get(0).reason()).startsWith("does not beat champion old on the same holdout");

        // the linear baseline passed, XGBoost did not beat it: the linear baseline is champion
        ChampionRule.Verdict linear = ChampionRule.judge(champion, List.of(
                new ChampionRule.Contender("lin", "the linear baseline", createMetrics(0.7), 4),
                new ChampionRule.Contender("xgb", "XGBoost", createMetrics(0.75), 5)));
        assertThat(linear.winner()).contains("lin");
        assertThat(linear.decisions().get(1).reason()).startsWith("does not beat champion lin on the same holdout");
    }
}
