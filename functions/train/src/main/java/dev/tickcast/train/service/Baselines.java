package dev.tickcast.train.service;

import java.util.List;

/** The naive forecasts every model must beat. */
public final class Baselines {
    private Baselines() {
    }

    /** Persistence: the price stays, a log return of 0. */
    public static double[] persistence(List<TrainingRow> rows) {
        return new double[rows.size()];
    }

    /** Moving-average drift: the mean one-minute log return of the last 15 minutes continues for 5 more. */
    public static double[] drift(List<TrainingRow> rows) {
        double[] predicted = new double[rows.size()];
        for (int i = 0; i < predicted.length; i++) {
            double d = rows.get(i).drift();
            predicted[i] = Double.isNaN(d) ? 0 : d;
        }
        return predicted;
    }
}
