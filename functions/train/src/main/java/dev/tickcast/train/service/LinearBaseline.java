package dev.tickcast.train.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The robust linear baseline: the five-minute log return as a linear function of the recent log returns
 * (the {@code log_return_*} columns: momentum or reversal), fitted with a pseudo-Huber loss so that a few
 * violent minutes do not decide the slope. It is an XGBoost {@code gblinear} booster, so its {@code model.json}
 * is served by predict through DJL's XGBoost engine exactly like the trees.
 * <p>
 * Every other column is given to XGBoost as missing while fitting: gblinear's coordinate descent leaves the
 * weight of a column without a single value at exactly 0, so the saved model takes the full feature vector
 * predict builds and ignores all but the returns. It is fitted on the rows before {@code holdout} (those whose
 * target lies in the holdout purged) and judged on the same holdout rows as the trees.
 */
public final class LinearBaseline {
    /** The inputs: columns named so (featurize's log returns over 1, 5, 15, … minutes). */
    public static final String INPUT_PREFIX = "log_return_";
    /** Coordinate-descent sweeps; with a handful of inputs and Newton steps it has converged long before. */
    public static final int ROUNDS = 60;
    /** Huber's constant for 95 % efficiency under normal errors, in units of the target's robust scale. */
    static final double HUBER_K = 1.345;

    private LinearBaseline() {
    }

    /**
     * @param inputs     the columns it uses (the rest have weight 0)
     * @param huberSlope the pseudo-Huber δ: errors beyond it count linearly
     * @param weights    input → weight, and {@code bias}
     */
    public record Result(List<String> inputs, double huberSlope, int trainRows, List<TrainingRow> holdout,
            double[] predicted, ForecastMetrics model, double dieboldMariano, Map<String, Double> weights,
            XgboostRegressor regressor, double seconds) {
    }

    /** The columns of {@code featureNames} the baseline uses. */
    public static List<String> inputs(List<String> featureNames) {
        return featureNames.stream().filter(n -> n.startsWith(INPUT_PREFIX)).toList();
    }

    /**
     * Fits on the rows of {@code dataset} whose target is known before the first holdout row, and predicts the
     * holdout. Throws if the dataset has no return columns.
     */
    public static Result fit(Dataset dataset, List<TrainingRow> holdout, long seed) {
        long t0 = System.nanoTime();
        List<String> inputs = inputs(dataset.featureNames());
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("features: the linear baseline needs " + INPUT_PREFIX
                    + "* columns, the dataset has " + dataset.featureNames());
        }
        boolean[] used = new boolean[dataset.featureNames().size()];
        for (int j = 0; j < used.length; j++) {
            used[j] = inputs.contains(dataset.featureNames().get(j));
        }
        var holdoutStart = holdout.get(0).time();
        List<TrainingRow> train = dataset.rows().stream()
                .filter(r -> r.time().plus(DatasetBuilder.HORIZON).isBefore(holdoutStart)).toList();
        double slope = huberSlope(train);
        try {
            DMatrix matrix = matrix(train, used);
            try {
                Booster booster = XGBoost.train(matrix, params(slope, seed), ROUNDS, Map.of(), null, null);
                try {
                    XgboostRegressor model = XgboostRegressor.load(json(booster), dataset.featureNames());
                    double[] predicted = model.predict(holdout);
                    double dm = ErrorComparison.dieboldMariano(holdout, predicted, Baselines.persistence(holdout),
                            (int) DatasetBuilder.HORIZON.toMinutes() - 1);
                    return new Result(inputs, slope, train.size(), holdout, predicted,
                            ForecastMetrics.of(holdout, predicted), dm, weights(booster, dataset.featureNames(), used),
                            model, (System.nanoTime() - t0) / 1e9);
                } finally {
                    booster.dispose();
                }
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("XGBoost (gblinear) failed: " + e.getMessage(), e);
        }
    }

    /** gblinear, pseudo-Huber, deterministic coordinate descent, no penalty; the bias starts at 0 (no drift assumed). */
    static Map<String, Object> params(double huberSlope, long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("booster", "gblinear");
        p.put("objective", "reg:pseudohubererror");
        p.put("huber_slope", huberSlope);
        p.put("updater", "coord_descent");
        p.put("feature_selector", "cyclic");
        p.put("eta", 0.5);
        p.put("lambda", 0.0);
        p.put("alpha", 0.0);
        p.put("base_score", 0.0);
        p.put("nthread", 2);
        p.put("seed", seed);
        p.put("verbosity", 0);
        return p;
    }

    /** δ = 1.345 × the robust scale (1.4826 × median absolute deviation) of the training targets. */
    static double huberSlope(List<TrainingRow> rows) {
        double[] y = rows.stream().mapToDouble(TrainingRow::targetLogReturn).sorted().toArray();
        if (y.length == 0) {
            throw new IllegalArgumentException("rows: the linear baseline needs training rows before the holdout");
        }
        double median = y[y.length / 2];
        double[] deviations = Arrays.stream(y).map(v -> Math.abs(v - median)).sorted().toArray();
        double scale = 1.4826 * deviations[deviations.length / 2];
        // a flat series (all targets equal) would give δ = 0; any small positive slope fits it
        return HUBER_K * Math.max(scale, 1e-6);
    }

    private static DMatrix matrix(List<TrainingRow> rows, boolean[] used) throws XGBoostError {
        int columns = used.length;
        float[] data = new float[rows.size() * columns];
        float[] labels = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] x = rows.get(i).features();
            for (int j = 0; j < columns; j++) {
                data[i * columns + j] = used[j] ? (float) x[j] : Float.NaN;
            }
            labels[i] = (float) rows.get(i).targetLogReturn();
        }
        DMatrix matrix = new DMatrix(data, rows.size(), columns, Float.NaN);
        matrix.setLabel(labels);
        return matrix;
    }

    private static byte[] json(Booster booster) throws XGBoostError, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        booster.saveModel(out, "json");
        return out.toByteArray();
    }

    /** The fitted weights of the inputs and the bias, read back from the model JSON (weights…, bias last). */
    private static Map<String, Double> weights(Booster booster, List<String> names, boolean[] used)
            throws XGBoostError, IOException {
        var model = dev.tickcast.contracts.json.Json.mapper().readTree(json(booster))
                .path("learner").path("gradient_booster").path("model").path("weights");
        List<Double> values = new ArrayList<>();
        model.forEach(w -> values.add(w.asDouble()));
        Map<String, Double> weights = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) {
            if (used[j] && j < values.size()) {
                weights.put(names.get(j), values.get(j));
            }
        }
        weights.put("bias", values.isEmpty() ? 0 : values.get(values.size() - 1));
        return weights;
    }
}
