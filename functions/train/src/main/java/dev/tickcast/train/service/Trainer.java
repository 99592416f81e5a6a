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
 * next block) choose the hyperparameters and the number of rounds by the mean validation skill vs persistence
 * (1 − MAE / persistence's MAE, the gate's measure), not by RMSE. Between a training part and the part it is
 * judged on, rows whose target lies in the judged part are purged (a five-minute target of a row just before the
 * boundary is a price inside it).
 * <p>
 * The model judged on the holdout is fitted on the development rows only, so its holdout figures are honest.
 * Once judged, the same hyperparameters are fitted again on every row, holdout included, with the rounds scaled
 * by the rows ({@link Result#served()}): that is the model to serve, which would otherwise never have seen the
 * newest {@code holdoutFraction} of the data. Its own out-of-sample error is unknown; the holdout figures stand
 * for it.
 */
public final class Trainer {
    /** Fewer rows than this cannot carry folds and a holdout. */
    public static final int MIN_ROWS = 300;
    public static final int MAX_ROUNDS = 400;
    public static final int PATIENCE = 50;
    /**
     * What XGBoost minimizes unless told otherwise: on the real week's market-v2 rows the absolute error had the
     * best mean validation skill over the walk-forward folds (docs/model.md).
     */
    public static final Objective DEFAULT_OBJECTIVE = Objective.ABSOLUTE_ERROR;

    private final double holdoutFraction;
    private final int folds;
    private final long seed;
    private final Objective objective;
    private final List<Hyperparameters> grid;

    public Trainer(double holdoutFraction, int folds, long seed) {
        this(holdoutFraction, folds, seed, DEFAULT_OBJECTIVE);
    }

    public Trainer(double holdoutFraction, int folds, long seed, Objective objective) {
        this(holdoutFraction, folds, seed, objective, Hyperparameters.GRID);
    }

    /** A trainer searching {@code grid} instead of {@link Hyperparameters#GRID} (tests keep theirs small). */
    public Trainer(double holdoutFraction, int folds, long seed, Objective objective, List<Hyperparameters> grid) {
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("grid: at least one point, got none");
        }
        if (!(holdoutFraction > 0 && holdoutFraction < 0.5)) {
            throw new IllegalArgumentException("tickcast.train.holdout-fraction: must be in (0, 0.5), got " + holdoutFraction);
        }
        if (folds < 2) {
            throw new IllegalArgumentException("tickcast.train.folds: must be at least 2, got " + folds);
        }
        this.holdoutFraction = holdoutFraction;
        this.folds = folds;
        this.seed = seed;
        this.objective = objective;
        this.grid = List.copyOf(grid);
    }

    /** One walk-forward fold, fitted with the chosen hyperparameters and rounds, judged on its validation block. */
    public record Fold(int index, int trainRows, Instant validationFrom, Instant validationTo, int rounds,
            ForecastMetrics model, ForecastMetrics drift, double dieboldMariano) {
    }

    /** A point of the grid, with the rounds that gave it its best mean validation skill and that skill. */
    public record SearchPoint(Hyperparameters hyperparameters, double meanValidationSkill, int rounds) {
    }

    /**
     * @param trainRows      development rows (before the holdout, purged): what {@link #regressor()} was fitted on
     * @param huberSlope     the pseudo-Huber δ: the median absolute log return of the development rows
     * @param holdout        the holdout rows, in time order
     * @param predicted      {@link #regressor()}'s log returns on them
     * @param dieboldMariano the model's absolute error against persistence's (see {@link ErrorComparison})
     * @param regressor      the model fitted without the holdout: every holdout figure is its own
     * @param served         the same hyperparameters fitted on every row with {@link #servedRounds()} rounds: the
     *                       model to write to the registry
     */
    public record Result(Dataset dataset, int trainRows, Objective objective, double huberSlope,
            List<SearchPoint> search, Hyperparameters hyperparameters, int rounds, List<Fold> folds,
            List<TrainingRow> holdout, double[] predicted, ForecastMetrics model, ForecastMetrics persistence,
            ForecastMetrics drift, double dieboldMariano, Map<String, Double> importance, XgboostRegressor regressor,
            XgboostRegressor served, int servedRounds, double seconds) {

        /** Releases both native models. */
        public void dispose() {
            regressor.dispose();
            served.dispose();
        }
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
        double slope = medianAbsoluteReturn(development.rows());
        progress.accept(String.format("dataset: %d rows × %d features (%s … %s); %d for walk-forward, %d holdout; "
                + "objective %s%s", dataset.size(), dataset.featureNames().size(), dataset.from(), dataset.to(),
                development.size(), holdout.size(), objective.xgboostName(),
                objective == Objective.PSEUDO_HUBER ? String.format(" (slope %.3e)", slope) : ""));

        int block = development.size() / (folds + 1);
        double[] persistenceError = new double[folds];
        for (int f = 0; f < folds; f++) {
            persistenceError[f] = XgboostRegressor.persistenceError(
                    development.rows().subList(validFrom(block, f), validTo(block, f, development)));
        }
        List<SearchPoint> search = new ArrayList<>();
        SearchPoint best = null;
        int point = 0;
        for (Hyperparameters hp : grid) {
            point++;
            double[] meanSkill = new double[MAX_ROUNDS];
            for (int f = 0; f < folds; f++) {
                int from = validFrom(block, f);
                double[] curve = XgboostRegressor.validationCurve(purgedBefore(development, 0, from),
                        development.slice(from, validTo(block, f, development)), hp, objective, slope, MAX_ROUNDS,
                        PATIENCE, seed);
                for (int k = 0; k < MAX_ROUNDS; k++) {
                    meanSkill[k] += (1 - curve[k] / persistenceError[f]) / folds;
                }
            }
            int bestRound = 0;
            for (int k = 1; k < MAX_ROUNDS; k++) {
                if (meanSkill[k] > meanSkill[bestRound]) {
                    bestRound = k;
                }
            }
            SearchPoint sp = new SearchPoint(hp, meanSkill[bestRound], bestRound + 1);
            search.add(sp);
            progress.accept(String.format("search %d/%d: %s → mean validation skill %+.4f at %d rounds", point,
                    grid.size(), hp, sp.meanValidationSkill(), sp.rounds()));
            if (best == null || sp.meanValidationSkill() > best.meanValidationSkill()) {
                best = sp;
            }
        }

        List<Fold> foldResults = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            int from = validFrom(block, f);
            Dataset train = purgedBefore(development, 0, from);
            List<TrainingRow> valid = development.rows().subList(from, validTo(block, f, development));
            XgboostRegressor model = XgboostRegressor.fit(train, best.hyperparameters(), objective, slope,
                    best.rounds(), seed);
            try {
                double[] predicted = model.predict(valid);
                Fold fold = new Fold(f + 1, train.size(), valid.get(0).time(), valid.get(valid.size() - 1).time(),
                        best.rounds(), ForecastMetrics.of(valid, predicted),
                        ForecastMetrics.of(valid, Baselines.drift(valid)), dieboldMariano(valid, predicted));
                foldResults.add(fold);
                progress.accept(String.format("fold %d/%d: %d train rows, %d rounds: MAE %.4f vs persistence %.4f "
                        + "(skill %+.4f, DM %.2f), direction %.1f %% (base rate %.1f %%)", fold.index(), folds,
                        fold.trainRows(), fold.rounds(), fold.model().mae(), fold.model().maePersistence(),
                        fold.model().skill(), fold.dieboldMariano(), 100 * fold.model().directionAccuracy(),
                        100 * fold.model().directionBaseRate()));
            } finally {
                model.dispose();
            }
        }

        XgboostRegressor finalModel = XgboostRegressor.fit(development, best.hyperparameters(), objective, slope,
                best.rounds(), seed);
        double[] predicted = finalModel.predict(holdout.rows());
        ForecastMetrics model = ForecastMetrics.of(holdout.rows(), predicted);
        double dm = dieboldMariano(holdout.rows(), predicted);
        // the judged model stays as judged; the served one sees the holdout too, its rounds grown with its rows
        int servedRounds = Math.max(1, (int) Math.round(best.rounds() * (double) dataset.size() / development.size()));
        XgboostRegressor served = XgboostRegressor.fit(dataset, best.hyperparameters(), objective, slope, servedRounds,
                seed);
        Result result = new Result(dataset, development.size(), objective, slope, search, best.hyperparameters(),
                best.rounds(), foldResults, holdout.rows(), predicted, model,
                ForecastMetrics.of(holdout.rows(), Baselines.persistence(holdout.rows())),
                ForecastMetrics.of(holdout.rows(), Baselines.drift(holdout.rows())), dm, finalModel.importance(),
                finalModel, served, servedRounds, (System.nanoTime() - t0) / 1e9);
        progress.accept(String.format("holdout (%d rows, %s … %s): MAE %.4f, RMSE %.4f vs persistence MAE %.4f, "
                + "RMSE %.4f; drift MAE %.4f; skill %+.4f (DM %.2f); direction %.1f %% (base rate %.1f %%)",
                holdout.size(), holdout.from(), holdout.to(), model.mae(), model.rmse(), result.persistence().mae(),
                result.persistence().rmse(), result.drift().mae(), model.skill(), dm,
                100 * model.directionAccuracy(), 100 * model.directionBaseRate()));
        progress.accept(String.format("refit for serving on all %d rows (holdout included): %d rounds; the holdout "
                + "figures above are those of the model fitted without the holdout", dataset.size(), servedRounds));
        return result;
    }

    /** A part of the data judged out of sample, and the (purged) rows before it a model is fitted on. */
    public record Split(String name, Dataset train, List<TrainingRow> judged) {
    }

    /**
     * The walk-forward folds ({@code fold 1} …) and then the holdout, split as {@link #train} splits them: for
     * judging other forecasts (a linear baseline) on exactly the same parts.
     */
    public List<Split> splits(Dataset dataset) {
        int holdoutStart = (int) Math.round(dataset.size() * (1 - holdoutFraction));
        Dataset development = purgedBefore(dataset, 0, holdoutStart);
        int block = development.size() / (folds + 1);
        List<Split> splits = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            int from = validFrom(block, f);
            splits.add(new Split("fold " + (f + 1), purgedBefore(development, 0, from),
                    development.rows().subList(from, validTo(block, f, development))));
        }
        splits.add(new Split("holdout", development, dataset.rows().subList(holdoutStart, dataset.size())));
        return splits;
    }

    /** The model's absolute price error against persistence's on {@code rows}: the gate's Diebold–Mariano statistic. */
    public static double dieboldMariano(List<TrainingRow> rows, double[] predicted) {
        return ErrorComparison.dieboldMariano(rows, predicted, Baselines.persistence(rows),
                (int) DatasetBuilder.HORIZON.toMinutes() - 1);
    }

    private int validFrom(int block, int fold) {
        return block * (fold + 1);
    }

    private int validTo(int block, int fold, Dataset development) {
        return fold == folds - 1 ? development.size() : validFrom(block, fold) + block;
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

    /** The median |log return| of {@code rows}' targets: the scale of what is predicted (never 0). */
    static double medianAbsoluteReturn(List<TrainingRow> rows) {
        double[] abs = rows.stream().mapToDouble(r -> Math.abs(r.targetLogReturn())).toArray();
        Arrays.sort(abs);
        double median = abs.length == 0 ? 0 : abs[abs.length / 2];
        return median > 0 ? median : 1e-4;
    }
}
