package dev.tickcast.train.service;

import java.time.Instant;

/**
 * One example: the features known at {@code time} and what came true five minutes later.
 *
 * @param features       market features of the row at {@code time}, then the sentiment features as of
 *                       {@code time}, in the dataset's column order; NaN where a value is missing
 * @param close          the close at {@code time}: the price the prediction starts from
 * @param drift          the moving-average drift baseline's log return for the horizon (NaN when the past
 *                       close it needs is missing)
 * @param targetClose    the close at exactly {@code time + horizon}
 */
public record TrainingRow(Instant time, double[] features, double close, double drift, double targetClose) {

    /** The label: ln(close at t + horizon / close at t). */
    public double targetLogReturn() {
        return Math.log(targetClose / close);
    }

    /** The price a predicted log return stands for. */
    public double priceOf(double logReturn) {
        return close * Math.exp(logReturn);
    }
}
