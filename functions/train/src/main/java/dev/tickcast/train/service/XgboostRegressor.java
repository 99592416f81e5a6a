package dev.tickcast.train.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** XGBoost (xgboost4j) on training rows: predicts the five-minute log return. */
public final class XgboostRegressor {
    private final Booster booster;
    private final List<String> featureNames;

    private XgboostRegressor(Booster booster, List<String> featureNames) {
        this.booster = booster;
        this.featureNames = List.copyOf(featureNames);
    }

    /**
     * The validation error of a fit on {@code train} after each round: element k is the mean absolute error of the
     * log return after k + 1 rounds on {@code validation}, weighted by each row's close, so that it is (to first
     * order) the mean absolute price error divided by the mean close: comparable with
     * {@link #persistenceError(List)} as a skill. The fit stops after {@code patience} rounds without a lower
     * error; the rounds it did not run keep the last error reached (more rounds are taken not to help).
     */
    public static double[] validationCurve(Dataset train, Dataset validation, Hyperparameters hp, Objective objective,
            double huberSlope, int maxRounds, int patience, long seed) {
        try {
            DMatrix dtrain = matrix(train);
            DMatrix dvalid = matrix(validation);
            try {
                dvalid.setWeight(closes(validation.rows()));
                // only the validation set is watched: it decides early stopping, and evaluating the training set
                // every round would cost as much again
                Map<String, DMatrix> watches = new LinkedHashMap<>();
                watches.put("validation", dvalid);
                float[][] history = new float[watches.size()][maxRounds];
                Booster booster = XGBoost.train(dtrain, hp.params(seed, objective, huberSlope), maxRounds, watches,
                        history, null, null, patience);
                try {
                    int ran = booster.getNumBoostedRound();
                    double[] curve = new double[maxRounds];
                    for (int k = 0; k < maxRounds; k++) {
                        curve[k] = history[0][Math.min(k, ran - 1)];
                    }
                    return curve;
                } finally {
                    booster.dispose();
                }
            } finally {
                dtrain.dispose();
                dvalid.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        }
    }

    /** Persistence's error on {@code rows} in the units of {@link #validationCurve}: Σ close·|r| / Σ close. */
    public static double persistenceError(List<TrainingRow> rows) {
        double weighted = 0;
        double weights = 0;
        for (TrainingRow row : rows) {
            weighted += row.close() * Math.abs(row.targetLogReturn());
            weights += row.close();
        }
        return weighted / weights;
    }

    /** Fits exactly {@code rounds} rounds: the saved model predicts with all its trees, as DJL does. */
    public static XgboostRegressor fit(Dataset train, Hyperparameters hp, Objective objective, double huberSlope,
            int rounds, long seed) {
        try {
            DMatrix dtrain = matrix(train);
            try {
                Booster booster = XGBoost.train(dtrain, hp.params(seed, objective, huberSlope), rounds, Map.of(), null,
                        null);
                return new XgboostRegressor(booster, train.featureNames());
            } finally {
                dtrain.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        }
    }

    /** A model read back from its JSON (e.g. the current champion, to score it on a new holdout). */
    public static XgboostRegressor load(byte[] json, List<String> featureNames) {
        try {
            return new XgboostRegressor(XGBoost.loadModel(json), featureNames);
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("model: not a loadable XGBoost model: " + e.getMessage(), e);
        }
    }

    public double[] predict(List<TrainingRow> rows) {
        if (rows.isEmpty()) {
            return new double[0];
        }
        try {
            DMatrix data = matrix(rows, featureNames.size(), false);
            try {
                float[][] out = booster.predict(data);
                double[] predicted = new double[out.length];
                for (int i = 0; i < out.length; i++) {
                    predicted[i] = out[i][0];
                }
                return predicted;
            } finally {
                data.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        }
    }

    /** Total gain per feature name, largest first; features never split on are absent. */
    public Map<String, Double> importance() {
        try {
            Map<String, Double> byIndex = booster.getScore((String) null, "total_gain");
            Map<String, Double> named = new TreeMap<>();
            byIndex.forEach((key, gain) -> {
                String name = key;
                if (key.startsWith("f") && key.substring(1).chars().allMatch(Character::isDigit)) {
                    name = featureNames.get(Integer.parseInt(key.substring(1)));
                }
                named.put(name, gain);
            });
            Map<String, Double> sorted = new LinkedHashMap<>();
            named.entrySet().stream().sorted(Map.Entry.<String, Double> comparingByValue().reversed())
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        }
    }

    /** The model in XGBoost's JSON format: what DJL's XGBoost engine loads as {@code model.json}. */
    public byte[] toJson() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            booster.saveModel(out, "json");
            return out.toByteArray();
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        }
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public void dispose() {
        booster.dispose();
    }

    private static float[] closes(List<TrainingRow> rows) {
        float[] weights = new float[rows.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) rows.get(i).close();
        }
        return weights;
    }

    private static DMatrix matrix(Dataset dataset) throws XGBoostError {
        return matrix(dataset.rows(), dataset.featureNames().size(), true);
    }

    private static DMatrix matrix(List<TrainingRow> rows, int columns, boolean labelled) throws XGBoostError {
        float[] data = new float[rows.size() * columns];
        float[] labels = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] x = rows.get(i).features();
            if (x.length != columns) {
                throw new IllegalArgumentException("features: row at " + rows.get(i).time() + " has " + x.length
                        + " values, the model expects " + columns);
            }
            for (int j = 0; j < columns; j++) {
                data[i * columns + j] = (float) x[j];
            }
            if (labelled) {
                labels[i] = (float) rows.get(i).targetLogReturn();
            }
        }
        DMatrix matrix = new DMatrix(data, rows.size(), columns, Float.NaN);
        if (labelled) {
            matrix.setLabel(labels);
        }
        return matrix;
    }
}
