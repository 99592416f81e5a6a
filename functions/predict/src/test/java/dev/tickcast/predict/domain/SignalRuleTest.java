package dev.tickcast.predict.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.model.SignalAction;

class SignalRuleTest {
    private static final SignalRule KRAKEN_TAKER = new SignalRule(0.0026, 0.0005);

    @Test
    void theThresholdIsTheRoundTripFeesPlusTheEdge() {
        assertThat(KRAKEN_TAKER.threshold()).isEqualTo(2 * 0.0026 + 0.0005);
        assertThat(new SignalRule(0.001, 0).threshold()).isEqualTo(0.002);
    }

    @Test
    void exactlyAtTheThresholdIsHoldAndJustBeyondItIsBuyOrSell() {
        double t = KRAKEN_TAKER.threshold();
        assertThat(KRAKEN_TAKER.action(t)).isEqualTo(SignalAction.HOLD);
        assertThat(KRAKEN_TAKER.action(Math.nextUp(t))).isEqualTo(SignalAction.BUY);
        assertThat(KRAKEN_TAKER.action(-t)).isEqualTo(SignalAction.HOLD);
        assertThat(KRAKEN_TAKER.action(Math.nextDown(-t))).isEqualTo(SignalAction.SELL);
        assertThat(KRAKEN_TAKER.action(0)).isEqualTo(SignalAction.HOLD);
        // a return that beats the fees but not the edge is not worth a trade
        assertThat(KRAKEN_TAKER.action(0.0053)).isEqualTo(SignalAction.HOLD);
    }

    @Test
    void negativeOrNanRatesAreRejectedNamingTheKeys() {
        assertThatThrownBy(() -> new SignalRule(-0.001, 0)).hasMessageContaining("fee-rate and min-edge must be >= 0");
        assertThatThrownBy(() -> new SignalRule(0.001, Double.NaN)).hasMessageContaining("tickcast.predict.signal");
    }
}
