package dev.tickcast.train.service;

import java.util.List;

/**
 * Is one forecast's lower absolute price error more than luck? A Diebold–Mariano test on the loss differential
 * d_i = |e_baseline| − |e_model|, with a Newey–West variance over horizon − 1 lags: five-minute targets taken
 * every minute overlap, so neighbouring differentials are correlated and a plain t-statistic would overstate
 * the evidence.
 */
public final class ErrorComparison {
    private ErrorComparison() {
    }

    /** The DM statistic; above ~2 the model's lower error is significant at about 2.5 % one-sided. */
    public static double dieboldMariano(List<TrainingRow> rows, double[] model, double[] baseline, int lags) {
        int n = rows.size();
        if (n < 2) {
            return 0;
        }
        double[] d = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            TrainingRow row = rows.get(i);
            d[i] = Math.abs(row.priceOf(baseline[i]) - row.targetClose()) - Math.abs(row.priceOf(model[i]) - row.targetClose());
            mean += d[i];
        }
        mean /= n;
        double variance = autocovariance(d, mean, 0);
        for (int k = 1; k <= lags && k < n; k++) {
            variance += 2 * (1 - k / (double) (lags + 1)) * autocovariance(d, mean, k);
        }
        if (variance <= 0) {
            return mean > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return mean / Math.sqrt(variance / n);
    }

    private static double autocovariance(double[] d, double mean, int lag) {
        double sum = 0;
        for (int i = lag; i < d.length; i++) {
            sum += (d[i] - mean) * (d[i - lag] - mean);
        }
        return sum / d.length;
    }
}
