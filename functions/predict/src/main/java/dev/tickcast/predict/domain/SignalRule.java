package dev.tickcast.predict.domain;

import dev.tickcast.contracts.model.SignalAction;

/**
 * Buy, sell or hold from a predicted log return r: a trade must earn its round trip. Buying and later selling pays
 * the taker fee f twice, ln((1 + f) / (1 − f)) ≈ 2f in log-return terms (the difference is below f³), so
 * <pre>threshold = 2 × feeRate + minEdge;  buy if r &gt; threshold, sell if r &lt; −threshold, else hold</pre>
 * Strict inequalities: a return exactly at the threshold only pays the fees and the edge back, and is hold.
 */
public record SignalRule(double feeRate, double minEdge) {

    public SignalRule {
        if (!(feeRate >= 0) || !(minEdge >= 0)) {
            throw new IllegalArgumentException("tickcast.predict.signal: fee-rate and min-edge must be >= 0, got "
                    + feeRate + " and " + minEdge);
        }
    }

    public double threshold() {
        return 2 * feeRate + minEdge;
    }

    public SignalAction action(double predictedLogReturn) {
        double threshold = threshold();
        if (predictedLogReturn > threshold) {
            return SignalAction.BUY;
        }
        if (predictedLogReturn < -threshold) {
            return SignalAction.SELL;
        }
        return SignalAction.HOLD;
    }
}
