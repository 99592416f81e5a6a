package dev.tickcast.train.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.json.Json;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The linear model, both the registry's {@code linear} baseline and the one docs/model.md compares: XGBoost's
 * {@code gblinear} booster on the five-minute log return with {@code reg:absoluteerror} (the conditional median,
 * what the gate's mean absolute error rewards) on <em>all</em> the dataset's columns. That configuration had the
 * best mean walk-forward fold skill of the linear variants on the real week (docs/model.md); the folds, not the
 * holdout, chose it.
 * <p>
 * It is fitted on features standardized by the training rows' mean and standard deviation (a missing value
 * becomes the mean) and on the label divided by the scale of the returns (their median absolute value): the
 * absolute error's gradient is bounded, so coordinate descent steps in label units, and on raw log returns
 * (~0.002) or raw price levels (~800) the same step would be far off. The served model must still take predict's
 * raw feature vector, so the standardization and the label scale are folded into the weights and the bias of
 * the model JSON ({@code w'_j = scale·w_j/sd_j}, {@code bias' = scale·(bias − Σ w_j·m_j/sd_j)}, base score
 * folded into the bias): on a raw row without missing values it predicts what the standardized fit does, to
 * float precision ({@code LinearBaselineTest}).
 * <p>
 * Missing values: gblinear skips a missing column (it contributes as a raw 0), while the fit imputed the mean.
 * A served model cannot impute, so the two differ on a row with a missing value. Rows after featurize's warm-up
 * have all their indicators, so this is a corner, not the rule; it is not hidden either: every prediction this
 * class reports (holdout metrics, the report's folds) is the served model's, on the raw rows, with the served
 * model's treatment of a missing value.
 */
public final class LinearBaseline {
    public static final Objective OBJECTIVE = Objective.ABSOLUTE_ERROR;
    /** Coordinate-descent sweeps at {@link #ETA}: the configuration docs/model.md measured. */
    public static final int ROUNDS = 300;
    static final double ETA = 0.05;
    static final double LAMBDA = 1.0;

    private LinearBaseline() {
    }

    /**
     * @param inputs     the columns it uses (all the dataset's)
     * @param labelScale the label was divided by it while fitting (the median absolute training return)
     * @param mean       per input, the training mean subtracted while fitting
     * @param sd         per input, the training standard deviation divided by while fitting (1 for a constant)
     * @param weights    input → served weight on the raw value, and {@code bias}
     */
    public record Result(List<String> inputs, Objective objective, double labelScale, double[] mean, double[] sd,
            int trainRows, List<TrainingRow> holdout, double[] predicted, ForecastMetrics model,
            double dieboldMariano, Map<String, Double> weights, XgboostRegressor regressor, double seconds) {
    }

    /**
     * A fitted linear model: the standardized booster it was fitted as, and the served one (standardization and
     * label scale folded in) it predicts with.
     */
    public static final class Fit {
        private final List<String> featureNames;
        private final double[] mean;
        private final double[] sd;
        private final double scale;
        private final Booster standardized;
        private final XgboostRegressor served;
        private final Map<String, Double> weights;

        private Fit(List<String> featureNames, double[] mean, double[] sd, double scale, Booster standardized,
                XgboostRegressor served, Map<String, Double> weights) {
            this.featureNames = featureNames;
            this.mean = mean;
            this.sd = sd;
            this.scale = scale;
            this.standardized = standardized;
            this.served = served;
            this.weights = weights;
        }

        /** The served model's predictions on raw rows (what predict's DJL will compute). */
        public double[] predict(List<TrainingRow> rows) {
            return served.predict(rows);
        }

        /** The standardized fit's predictions (missing → mean), times the label scale: what the fold must keep. */
        double[] predictStandardized(List<TrainingRow> rows) {
            try {
                DMatrix data = standardizedMatrix(rows, mean, sd, scale, false);
                try {
                    float[][] out = standardized.predict(data);
                    double[] predicted = new double[out.length];
                    for (int i = 0; i < out.length; i++) {
                        predicted[i] = out[i][0] * scale;
                    }
                    return predicted;
                } finally {
                    data.dispose();
                }
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost (gblinear) failed: " + e.getMessage(), e);
            }
        }

        public XgboostRegressor served() {
            return served;
        }

        public Map<String, Double> weights() {
            return weights;
        }

        public double labelScale() {
            return scale;
        }

        public List<String> featureNames() {
            return featureNames;
        }

        /** Frees both boosters. */
        public void dispose() {
            standardized.dispose();
            served.dispose();
        }

        /** Frees the standardized booster and hands over the served one (its caller disposes it). */
        XgboostRegressor keepServed() {
            standardized.dispose();
            return served;
        }
    }

    /** The columns of {@code featureNames} the model uses: all of them. */
    public static List<String> inputs(List<String> featureNames) {
        return featureNames;
    }

    /**
     * Fits on the rows of {@code dataset} whose target is known before the first holdout row, and predicts the
     * holdout with the served model. Throws if the dataset has no columns or no rows before the holdout.
     */
    public static Result fit(Dataset dataset, List<TrainingRow> holdout, long seed) {
        long t0 = System.nanoTime();
        var holdoutStart = holdout.get(0).time();
        List<TrainingRow> train = dataset.rows().stream()
                .filter(r -> r.time().plus(DatasetBuilder.HORIZON).isBefore(holdoutStart)).toList();
        Fit fit = fit(new Dataset(dataset.featureNames(), dataset.featureSet(), train, train.size(), 0, 0), OBJECTIVE,
                seed);
        XgboostRegressor served = fit.keepServed();
        double[] predicted = served.predict(holdout);
        double dm = ErrorComparison.dieboldMariano(holdout, predicted, Baselines.persistence(holdout),
                (int) DatasetBuilder.HORIZON.toMinutes() - 1);
        return new Result(inputs(dataset.featureNames()), OBJECTIVE, fit.scale, fit.mean, fit.sd, train.size(),
                holdout, predicted, ForecastMetrics.of(holdout, predicted), dm, fit.weights, served,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Fits on every row of {@code train} with {@code objective} (the report compares objectives). */
    public static Fit fit(Dataset train, Objective objective, long seed) {
        List<String> names = train.featureNames();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("features: the linear model needs at least one column, the dataset has none");
        }
        if (train.rows().isEmpty()) {
            throw new IllegalArgumentException("rows: the linear model needs training rows before the holdout");
        }
        int columns = names.size();
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
        double scale = medianAbsoluteReturn(train.rows());
        try {
            DMatrix matrix = standardizedMatrix(train.rows(), mean, sd, scale, true);
            try {
                Booster booster = XGBoost.train(matrix, params(objective, seed), ROUNDS, Map.of(), null, null);
                try {
                    JsonNode model = Json.mapper().readTree(json(booster));
                    Map<String, Double> weights = fold(model, names, mean, sd, scale);
                    XgboostRegressor served = XgboostRegressor.load(Json.mapper().writeValueAsBytes(model), names);
                    return new Fit(names, mean, sd, scale, booster, served, weights);
                } catch (RuntimeException | IOException e) {
                    booster.dispose();
                    throw e;
                }
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("XGBoost (gblinear) failed: " + e.getMessage(), e);
        }
    }

    /** gblinear, deterministic cyclic coordinate descent; the bias starts at 0 (no drift assumed). */
    static Map<String, Object> params(Objective objective, long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("booster", "gblinear");
        p.put("objective", objective.xgboostName());
        if (objective == Objective.PSEUDO_HUBER) {
            p.put("huber_slope", 1.0); // in units of the scaled label
        }
        p.put("updater", "coord_descent");
        p.put("feature_selector", "cyclic");
        p.put("eta", ETA);
        p.put("lambda", LAMBDA);
        p.put("alpha", 0.0);
        p.put("base_score", 0.0);
        p.put("nthread", 1);
        p.put("seed", seed);
        p.put("verbosity", 0);
        return p;
    }

    /** The median absolute target log return (the label's unit while fitting); 1e-4 for a flat series. */
    static double medianAbsoluteReturn(List<TrainingRow> rows) {
        double[] abs = rows.stream().mapToDouble(r -> Math.abs(r.targetLogReturn())).sorted().toArray();
        return abs.length == 0 || abs[abs.length / 2] == 0 ? 1e-4 : abs[abs.length / 2];
    }

    /**
     * Rewrites the gblinear JSON {@code model} in place so that it predicts on raw rows: weights (one output
     * group: feature j at index j, the bias last) and base score folded, see the class comment. Returns the
     * served weights by name, and {@code bias}.
     */
    static Map<String, Double> fold(JsonNode model, List<String> names, double[] mean, double[] sd, double scale) {
        JsonNode learner = model.path("learner");
        JsonNode node = learner.path("gradient_booster").path("model").path("weights");
        if (!(node instanceof ArrayNode w) || w.size() != names.size() + 1) {
            throw new IllegalStateException("model: gblinear weights expected as " + (names.size() + 1)
                    + " numbers at learner.gradient_booster.model.weights, got " + node);
        }
        ObjectNode param = (ObjectNode) learner.path("learner_model_param");
        String baseText = param.path("base_score").asText("0");
        boolean vector = baseText.startsWith("[");
        double base = Double.parseDouble(vector ? baseText.substring(1, baseText.length() - 1) : baseText);
        double bias = w.get(names.size()).asDouble() + base;
        Map<String, Double> weights = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) {
            double wj = w.get(j).asDouble();
            bias -= wj * mean[j] / sd[j];
            double served = scale * wj / sd[j];
            w.set(j, DoubleNode.valueOf(served));
            weights.put(names.get(j), served);
        }
        w.set(names.size(), DoubleNode.valueOf(scale * bias));
        weights.put("bias", scale * bias);
        param.put("base_score", vector ? "[0E0]" : "0E0");
        return weights;
    }

    private static DMatrix standardizedMatrix(List<TrainingRow> rows, double[] mean, double[] sd, double scale,
            boolean labelled) throws XGBoostError {
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

    private static byte[] json(Booster booster) throws XGBoostError, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        booster.saveModel(out, "json");
        return out.toByteArray();
    }
}
