package dev.tickcast.train.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tickcast.contracts.model.DirectionHits;

/**
 * How good predicted log returns are, judged on the prices they stand for.
 *
 * @param mae               mean absolute error of the predicted price
 * @param rmse              root mean squared error of the predicted price
 * @param maePersistence    the persistence baseline's MAE on the same rows
 * @param skill             1 − MAE / MAE of persistence: above 0 beats "the price stays"
 * @param directionAccuracy share of rows whose predicted move has the sign of the actual one ({@link DirectionHits},
 *                          the definition evaluate scores live predictions with: every row counts)
 * @param directionBaseRate the accuracy of "always up" or "always down", whichever is higher, on the same rows:
 *                          direction accuracy means something only above it
 */
public record ForecastMetrics(int rows, double mae, double rmse, double maePersistence, double skill,
        double directionAccuracy, double directionBaseRate) {

    /** Metrics made by hand (e.g. a gate's test), without a base rate (NaN). */
    public ForecastMetrics(int rows, double mae, double rmse, double maePersistence, double skill,
            double directionAccuracy) {
        this(rows, mae, rmse, maePersistence, skill, directionAccuracy, Double.NaN);
    }

    public static ForecastMetrics of(List<TrainingRow> rows, double[] predictedLogReturns) {
        if (rows.size() != predictedLogReturns.length) {
            throw new IllegalArgumentException("predictions: expected one per row (" + rows.size() + "), got "
                    + predictedLogReturns.length);
        }
        double absSum = 0;
        double sqSum = 0;
        double persistenceSum = 0;
        DirectionHits direction = DirectionHits.none();
        for (int i = 0; i < rows.size(); i++) {
            TrainingRow row = rows.get(i);
            double error = row.priceOf(predictedLogReturns[i]) - row.targetClose();
            absSum += Math.abs(error);
            sqSum += error * error;
            persistenceSum += Math.abs(row.close() - row.targetClose());
            direction = direction.add(predictedLogReturns[i], row.targetClose() - row.close());
        }
        int n = rows.size();
        double mae = absSum / n;
        double maePersistence = persistenceSum / n;
        return new ForecastMetrics(n, mae, Math.sqrt(sqSum / n), maePersistence,
                maePersistence == 0 ? 0 : 1 - mae / maePersistence, direction.accuracy(), direction.baseRate());
    }

    /** Flat names for metadata and model.promoted.v1 ({@code prefix.mae}, …). */
    public Map<String, Double> asMap(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "mae", mae);
        m.put(prefix + "rmse", rmse);
        m.put(prefix + "mae_persistence", maePersistence);
        m.put(prefix + "skill", skill);
        m.put(prefix + "direction_accuracy", directionAccuracy);
        m.put(prefix + "direction_base_rate", directionBaseRate);
        m.put(prefix + "rows", (double) rows);
        return m;
    }
}
