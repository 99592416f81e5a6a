package dev.tickcast.train.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** The naive forecasts every model must beat. */
public final class Baselines {
    private Baselines() {
    }

    /** Persistence: the price stays, a log return of 0. */
    public static double[] persistence(List<TrainingRow> rows) {
        return new double[rows.size()];
    }

    /**
     * Persistence as a registry model: an XGBoost {@code gblinear} booster of {@code columns} inputs whose weights
     * and bias are all 0 and whose base score is 0, so it predicts a log return of exactly 0 for any row. It is
     * one round on a single row with every value missing and a label of 0 (the gradient is 0 everywhere), saved
     * as JSON: predict loads it through DJL like any other model, and it needs no training data.
     */
    public static byte[] persistenceModel(int columns) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("booster", "gblinear");
        params.put("objective", "reg:squarederror");
        params.put("base_score", 0.0);
        params.put("lambda", 0.0);
        params.put("alpha", 0.0);
        params.put("nthread", 1);
        params.put("verbosity", 0);
        float[] missing = new float[columns];
        java.util.Arrays.fill(missing, Float.NaN);
        try {
            DMatrix row = new DMatrix(missing, 1, columns, Float.NaN);
            try {
                row.setLabel(new float[] { 0f });
                Booster booster = XGBoost.train(row, params, 1, Map.of(), null, null);
                try {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    booster.saveModel(out, "json");
                    return out.toByteArray();
                } finally {
                    booster.dispose();
                }
            } finally {
                row.dispose();
            }
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("XGBoost failed to write the persistence model: " + e.getMessage(), e);
        }
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
