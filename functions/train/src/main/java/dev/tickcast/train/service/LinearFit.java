package dev.tickcast.train.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A linear baseline: XGBoost's {@code gblinear} booster on the log return with a robust objective, on features
 * standardized by the training rows' mean and standard deviation (a missing value becomes the mean, 0), and the
 * label divided by the scale of the returns (their median absolute value): the robust losses' gradients are
 * bounded, so coordinate descent takes steps in label units, and on raw log returns (~0.002) every step would
 * overshoot. What a model must beat besides persistence: if trees do no better than a line through a few
 * returns, they add nothing. Deterministic: cyclic coordinate descent, no random feature order.
 */
public final class LinearFit {
    public static final int ROUNDS = 300;

    private final double[] mean;
    private final double[] sd;
    private final double scale;
    private final Booster booster;

    private LinearFit(double[] mean, double[] sd, double scale, Booster booster) {
        this.mean = mean;
        this.sd = sd;
        this.scale = scale;
        this.booster = booster;
    }

    /**
     * Fits on {@code train}; {@code returnScale} is the scale of the log returns (e.g. their median absolute value),
     * also the pseudo-Huber slope.
     */
    public static LinearFit fit(Dataset train, Objective objective, double returnScale) {
        int columns = train.featureNames().size();
        double[] mean = new double[columns];
        double[] sd = new double[columns];
        for (int j = 0; j < columns; j++) {
            double sum = 0;
            double squares = 0;
            int n = 0;
            for (TrainingRow row : train.rows()) {
                double v = row.features()[j];
                if (!Double.isNaN(v)) {
                    sum += v;
                    squares += v * v;
                    n++;
                }
            }
            mean[j] = n == 0 ? 0 : sum / n;
            double variance = n == 0 ? 0 : squares / n - mean[j] * mean[j];
            sd[j] = variance > 0 ? Math.sqrt(variance) : 1;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("booster", "gblinear");
        p.put("updater", "coord_descent");
        p.put("feature_selector", "cyclic");
        p.put("objective", objective.xgboostName());
        if (objective == Objective.PSEUDO_HUBER) {
            p.put("huber_slope", 1.0); // in units of the scaled label
        }
        p.put("eta", 0.05);
        p.put("lambda", 1.0);
        p.put("alpha", 0.0);
        p.put("base_score", 0.0);
        p.put("nthread", 1);
        p.put("verbosity", 0);
        try {
            LinearFit shell = new LinearFit(mean, sd, returnScale, null);
            DMatrix dtrain = shell.matrix(train.rows(), true);
            try {
                return new LinearFit(mean, sd, returnScale, XGBoost.train(dtrain, p, ROUNDS, Map.of(), null, null));
            } finally {
                dtrain.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        }
    }

    public double[] predict(List<TrainingRow> rows) {
        try {
            DMatrix data = matrix(rows, false);
            try {
                float[][] out = booster.predict(data);
                double[] predicted = new double[out.length];
                for (int i = 0; i < out.length; i++) {
                    predicted[i] = out[i][0] * scale;
                }
                return predicted;
            } finally {
                data.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        }
    }

    public void dispose() {
        booster.dispose();
    }

    private DMatrix matrix(List<TrainingRow> rows, boolean labelled) throws XGBoostError {
        int columns = mean.length;
        float[] data = new float[rows.size() * columns];
        float[] labels = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] x = rows.get(i).features();
            for (int j = 0; j < columns; j++) {
                data[i * columns + j] = Double.isNaN(x[j]) ? 0f : (float) ((x[j] - mean[j]) / sd[j]);
            }
            labels[i] = (float) (rows.get(i).targetLogReturn() / scale);
        }
        DMatrix matrix = new DMatrix(data, rows.size(), columns, Float.NaN);
        if (labelled) {
            matrix.setLabel(labels);
        }
        return matrix;
    }
}
