package dev.tickcast.train.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class PromotionGateTest {
    private static ForecastMetrics createMetrics(double mae, double maePersistence) {
        return new ForecastMetrics(1000, mae, mae * 1.3, maePersistence, 1 - mae / maePersistence, 0.55);
    }

    @Test
    void worseThanPersistenceIsRejectedNamingBothErrors() {
        PromotionGate.Decision d = PromotionGate.decide(createMetrics(1.2, 1.0), 5, Optional.empty());
        assertThat(d.promote()).isFalse();
        assertThat(d.reason()).startsWith("does not beat persistence on the holdout: MAE 1.200000 ≥ 1.000000");
    }

    @Test
    void aLuckyMarginIsRejected() {
        PromotionGate.Decision d = PromotionGate.decide(createMetrics(0.99, 1.0), 0.4, Optional.empty());
        assertThat(d.promote()).isFalse();
        assertThat(d.reason()).contains("too little to tell from luck").contains("Diebold–Mariano 0.40 < 1.645");
    }

    @Test
    void theFirstModelThatClearlyBeatsPersistenceIsPromoted() {
        PromotionGate.Decision d = PromotionGate.decide(createMetrics(0.5, 1.0), 8, Optional.empty());
        assertThat(d.promote()).isTrue();
        assertThat(d.reason()).contains("no champion yet");
    }

    @Test
    void theChampionMustBeBeatenOnTheSameHoldout() {
        var champion = Optional.of(PromotionGate.ChampionScore.scored("v1", createMetrics(0.4, 1.0)));
        PromotionGate.Decision d = PromotionGate.decide(createMetrics(0.5, 1.0), 8, champion);
        assertThat(d.promote()).isFalse();
        assertThat(d.reason()).isEqualTo("does not beat champion v1 on the same holdout: MAE 0.500000 ≥ 0.400000");

        var weaker = Optional.of(PromotionGate.ChampionScore.scored("v1", createMetrics(0.6, 1.0)));
        assertThat(PromotionGate.decide(createMetrics(0.5, 1.0), 8, weaker).promote()).isTrue();
    }

    @Test
    void aChampionOfAnotherFeatureSchemaLeavesPersistenceAsTheBar() {
        var other = Optional.of(PromotionGate.ChampionScore.notComparable("v1", "trained on feature schema abc"));
        PromotionGate.Decision d = PromotionGate.decide(createMetrics(0.5, 1.0), 8, other);
        assertThat(d.promote()).isTrue();
        assertThat(d.reason()).contains("champion v1 not comparable");
    }
}
