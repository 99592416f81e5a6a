package dev.tickcast.train.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One point of the search: tree depth, learning rate and leaf size; rounds are found by early stopping. */
public record Hyperparameters(int maxDepth, double eta, double minChildWeight, double subsample) {

    /** The small grid searched on every run (kept small: 2 cores, every few hours). */
    public static final List<Hyperparameters> GRID = List.of(
            new Hyperparameters(3, 0.05, 5, 0.8),
            new Hyperparameters(3, 0.1, 20, 0.8),
            new Hyperparameters(5, 0.05, 20, 0.8),
            new Hyperparameters(6, 0.1, 50, 0.8));

    /** xgboost4j parameters for squared-error regression of the log return. */
    public Map<String, Object> params(long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", "reg:squarederror");
        p.put("tree_method", "hist");
        p.put("eval_metric", "rmse");
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
