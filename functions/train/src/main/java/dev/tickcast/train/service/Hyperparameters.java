package dev.tickcast.train.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One point of the search: tree depth, learning rate and leaf size; the rounds are chosen beside it. */
public record Hyperparameters(int maxDepth, double eta, double minChildWeight, double subsample) {

    /**
     * The small grid searched on every run (kept small: 2 cores, every hour). Leaf sizes are sums of hessians:
     * rows under the absolute error, fewer under the pseudo-Huber loss (whose hessian falls off beyond its slope).
     * On the real week the deep, loosely regularized points ((5, 0.05, 20), (6, 0.1, 50)) were the worst for every
     * objective in the walk-forward folds and are left out (docs/model.md).
     */
    public static final List<Hyperparameters> GRID = List.of(
            new Hyperparameters(3, 0.05, 5, 0.8),
            new Hyperparameters(3, 0.1, 20, 0.8),
            new Hyperparameters(2, 0.05, 100, 0.8),
            new Hyperparameters(3, 0.03, 200, 0.8));

    /**
     * xgboost4j parameters for regression of the log return with {@code objective}; {@code huberSlope} (the
     * pseudo-Huber loss's δ, on the scale of the returns) is used by {@link Objective#PSEUDO_HUBER} only. The
     * metric watched is the mean absolute error, the gate's measure.
     */
    public Map<String, Object> params(long seed, Objective objective, double huberSlope) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", objective.xgboostName());
        if (objective == Objective.PSEUDO_HUBER) {
            p.put("huber_slope", huberSlope);
        }
        p.put("tree_method", "hist");
        p.put("eval_metric", "mae");
        p.put("max_depth", maxDepth);
        p.put("eta", eta);
        p.put("min_child_weight", minChildWeight);
        p.put("subsample", subsample);
        p.put("colsample_bytree", 0.8);
        p.put("lambda", 1.0);
        // log returns centre on 0; the default base score (the label mean) would be a drift learnt from the past
        p.put("base_score", 0.0);
        p.put("nthread", 2);
        p.put("seed", seed);
        p.put("verbosity", 0);
        p.put("verbose_eval", 0); // xgboost4j logs every round's validation error otherwise
        return p;
    }
}
