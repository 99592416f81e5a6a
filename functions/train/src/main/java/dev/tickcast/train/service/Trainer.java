package dev.tickcast.train.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fits a pair's model on a dataset: the last part of the time range is the out-of-sample holdout, never seen
 * while choosing anything; before it, walk-forward folds (train on everything up to a block, validate on the
 * next block) choose hyperparameters and the number of rounds by early stopping. Between a training part and
 * the part it is judged on, rows whose target lies in the judged part are purged (a five-minute target of a
 * row just before the boundary is a price inside it).
 */
public final class Trainer {
    /** Fewer rows than this cannot carry folds and a holdout. */
    public static final int MIN_ROWS = 300;
    public static final int MAX_ROUNDS = 400;
    public static final int PATIENCE = 25;

    private final double holdoutFraction;
    private final int folds;
    private final long seed;

    public Trainer(double holdoutFraction, int folds, long seed) {
        if (!(holdoutFraction > 0 && holdoutFraction < 0.5)) {
            throw new IllegalArgumentException("tickcast.train.holdout-fraction: must be in (0, 0.5), got " + holdoutFraction);
        }
        if (folds < 2) {
            throw new IllegalArgumentException("tickcast.train.folds: must be at least 2, got " + folds);
        }
        this.holdoutFraction = holdoutFraction;
        this.folds = folds;
        this.seed = seed;
    }

    public record Fold(int index, int trainRows, Instant validationFrom, Instant validationTo, int rounds,
            ForecastMetrics model, ForecastMetrics drift) {
    }

    public record SearchPoint(Hyperparameters hyperparameters, double meanValidationRmse, int rounds) {
    }

    /**
     * @param holdout             the holdout rows, in time order
     * @param predicted           the model's log returns on them
     * @param dieboldMariano      the model's absolute error against persistence's (see {@link ErrorComparison})
     */
    public record Result(Dataset dataset, int trainRows, List<SearchPoint> search, Hyperparameters hyperparameters,
            int rounds, List<Fold> folds, List<TrainingRow> holdout, double[] predicted, ForecastMetrics model,
            ForecastMetrics persistence, ForecastMetrics drift, double dieboldMariano, Map<String, Double> importance,
            XgboostRegressor regressor, double seconds) {
    }

    public Result train(Dataset dataset, Consumer<String> progress) {
        long t0 = System.nanoTime();
        if (dataset.size() < MIN_ROWS) {
            throw new IllegalArgumentException("rows: need at least " + MIN_ROWS + " training rows (non-warm-up, with a"
                    + " target 5 minutes later), got " + dataset.size());
        }
        int holdoutStart = (int) Math.round(dataset.size() * (1 - holdoutFraction));
        Dataset development = purgedBefore(dataset, 0, holdoutStart);
        Dataset holdout = dataset.slice(holdoutStart, dataset.size());
        progress.accept(String.format("dataset: %d rows × %d features (%s … %s); %d for walk-forward, %d holdout",
                dataset.size(), dataset.featureNames().size(), dataset.from(), dataset.to(), development.size(),
                holdout.size()));

        int block = development.size() / (folds + 1);
        List<SearchPoint> search = new ArrayList<>();
        SearchPoint best = null;
        int[] bestFoldRounds = null;
        int point = 0;
        for (Hyperparameters hp : Hyperparameters.GRID) {
            point++;
            double rmseSum = 0;
            int[] rounds = new int[folds];
            for (int f = 0; f < folds; f++) {
                int validFrom = block * (f + 1);
                int validTo = f == folds - 1 ? development.size() : validFrom + block;
                XgboostRegressor.EarlyStopped fit = XgboostRegressor.fitEarlyStopping(
                        purgedBefore(development, 0, validFrom), development.slice(validFrom, validTo), hp,
                        MAX_ROUNDS, PATIENCE, seed);
                rmseSum += fit.validationRmse();
                rounds[f] = fit.bestRounds();
            }
            SearchPoint sp = new SearchPoint(hp, rmseSum / folds, median(rounds));
            search.add(sp);
            progress.accept(String.format("search %d/%d: %s → mean validation RMSE %.3e of the log return, %d rounds",
                    point, Hyperparameters.GRID.size(), hp, sp.meanValidationRmse(), sp.rounds()));
            if (best == null || sp.meanValidationRmse() < best.meanValidationRmse()) {
                best = sp;
                bestFoldRounds = rounds;
            }
        }

        List<Fold> foldResults = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            int validFrom = block * (f + 1);
            int validTo = f == folds - 1 ? development.size() : validFrom + block;
            Dataset train = purgedBefore(development, 0, validFrom);
            List<TrainingRow> valid = development.rows().subList(validFrom, validTo);
            XgboostRegressor model = XgboostRegressor.fit(train, best.hyperparameters(), bestFoldRounds[f], seed);
            try {
                Fold fold = new Fold(f + 1, train.size(), valid.get(0).time(), valid.get(valid.size() - 1).time(),
                        bestFoldRounds[f], ForecastMetrics.of(valid, model.predict(valid)),
                        ForecastMetrics.of(valid, Baselines.drift(valid)));
                foldResults.add(fold);
                progress.accept(String.format("fold %d/%d: %d train rows, %d rounds: MAE %.4f vs persistence %.4f "
                        + "(skill %+.4f), direction %.1f %%", fold.index(), folds, fold.trainRows(), fold.rounds(),
                        fold.model().mae(), fold.model().maePersistence(), fold.model().skill(),
                        100 * fold.model().directionAccuracy()));
            } finally {
                model.dispose();
            }
        }

        XgboostRegressor finalModel = XgboostRegressor.fit(development, best.hyperparameters(), best.rounds(), seed);
        double[] predicted = finalModel.predict(holdout.rows());
        double[] persistence = Baselines.persistence(holdout.rows());
        ForecastMetrics model = ForecastMetrics.of(holdout.rows(), predicted);
        double dm = ErrorComparison.dieboldMariano(holdout.rows(), predicted, persistence,
                (int) DatasetBuilder.HORIZON.toMinutes() - 1);
        Result result = new Result(dataset, development.size(), search, best.hyperparameters(), best.rounds(),
                foldResults, holdout.rows(), predicted, model, ForecastMetrics.of(holdout.rows(), persistence),
                ForecastMetrics.of(holdout.rows(), Baselines.drift(holdout.rows())), dm, finalModel.importance(),
                finalModel, (System.nanoTime() - t0) / 1e9);
        progress.accept(String.format("holdout (%d rows, %s … %s): MAE %.4f, RMSE %.4f vs persistence MAE %.4f, "
                + "RMSE %.4f; drift MAE %.4f; skill %+.4f (DM %.2f); direction %.1f %%", holdout.size(),
                holdout.from(), holdout.to(), model.mae(), model.rmse(), result.persistence().mae(),
                result.persistence().rmse(), result.drift().mae(), model.skill(), dm,
                100 * model.directionAccuracy()));
        return result;
    }

    /** Rows {@code [from, to)} minus those whose target time is at or after the row at {@code to}. */
    static Dataset purgedBefore(Dataset dataset, int from, int to) {
        if (to >= dataset.size()) {
            return dataset.slice(from, to);
        }
        Instant boundary = dataset.rows().get(to).time();
        int end = to;
        while (end > from && !dataset.rows().get(end - 1).time().plus(DatasetBuilder.HORIZON).isBefore(boundary)) {
            end--;
        }
        return dataset.slice(from, end);
    }

    private static int median(int[] values) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
