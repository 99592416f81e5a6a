package dev.tickcast.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DirectionHitsTest {

    @Test
    void aHitIsTheSameSignFlatOnlyForFlat() {
        assertThat(DirectionHits.hit(1, 5)).isTrue();
        assertThat(DirectionHits.hit(-3, -1)).isTrue();
        assertThat(DirectionHits.hit(1, -1)).isFalse();
        assertThat(DirectionHits.hit(1, 0)).isFalse();
        assertThat(DirectionHits.hit(0, 0)).isTrue();
        assertThat(DirectionHits.hit(0, 1)).isFalse();
    }

    @Test
    void accuracyCountsEveryRowAndTheBaseRateIsTheMajorityDirection() {
        // outcomes: up, up, up, down, flat; forecasts: up, down, up, down, up
        DirectionHits hits = DirectionHits.none().add(0.1, 2.0).add(-0.1, 1.0).add(0.2, 0.5).add(-1.0, -1.0)
                .add(0.3, 0.0);

        assertThat(hits.rows()).isEqualTo(5);
        assertThat(hits.hits()).isEqualTo(3);
        assertThat(hits.accuracy()).isEqualTo(0.6);
        assertThat(hits.baseRate()).isEqualTo(0.6); // "always up" is right 3 times in 5
        assertThat(DirectionHits.none().accuracy()).isZero();
        assertThat(DirectionHits.none().baseRate()).isZero();
    }
}
