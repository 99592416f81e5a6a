package dev.tickcast.evaluate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.model.Evaluation;
import dev.tickcast.contracts.model.Prediction;

class ScoringTest {
    static final Instant T = Instant.parse("2013-11-25T10:00:00Z");

    static Prediction prediction(String base, String predicted) {
        return new Prediction("BTC/USD", T, T.plusSeconds(300), 5, new BigDecimal(base), new BigDecimal(predicted),
                Math.log(Double.parseDouble(predicted) / Double.parseDouble(base)), "v1");
    }

    @Test
    void errorsAreExactDecimalsAndThePercentageIsOfTheActualPrice() {
        Evaluation e = Scoring.score(prediction("800.00", "801.25"), new BigDecimal("800.50"));
        assertThat(e.absoluteError()).isEqualByComparingTo("0.75");
        assertThat(e.persistenceAbsoluteError()).isEqualByComparingTo("0.50");
        assertThat(e.percentageError()).isCloseTo(100 * 0.75 / 800.50, within(1e-12));
        assertThat(e.directionHit()).isTrue();
        assertThat(e.targetTime()).isEqualTo(T.plusSeconds(300));
        assertThat(e.modelVersion()).isEqualTo("v1");
    }

    @Test
    void aMoveTheOtherWayIsAMiss() {
        assertThat(Scoring.score(prediction("800.00", "799.00"), new BigDecimal("800.01")).directionHit()).isFalse();
        assertThat(Scoring.score(prediction("800.00", "799.00"), new BigDecimal("799.99")).directionHit()).isTrue();
    }

    @Test
    void aFlatOutcomeIsAHitOnlyForAFlatPrediction() {
        assertThat(Scoring.score(prediction("800.00", "800.10"), new BigDecimal("800.00")).directionHit()).isFalse();
        assertThat(Scoring.score(prediction("800.00", "800.000"), new BigDecimal("800.0")).directionHit()).isTrue();
    }

    @Test
    void aNonPositiveCloseIsRefused() {
        assertThatThrownBy(() -> Scoring.score(prediction("800.00", "801"), BigDecimal.ZERO))
                .hasMessageContaining("actual close must be > 0");
    }
}
