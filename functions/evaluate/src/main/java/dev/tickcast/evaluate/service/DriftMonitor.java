package dev.tickcast.evaluate.service;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.featurestore.FeatureDrift;
import dev.tickcast.registry.ModelRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Hourly drift of the key features: when the candle that ends an event-time hour arrives (its first revision), the
 * non-warm-up feature rows of that hour are compared with the training distribution of the model that predicted in
 * it (the latest prediction of the hour names it; its {@code metadata.json} holds the bins), one PSI per key
 * feature, stored in {@code feature_drift} once per (pair, model, hour, feature); the prediction of the hour's last
 * row triggers the same (see {@link #onPrediction}). Hours without predictions, and
 * models trained before distributions were recorded, have no drift.
 */
@ApplicationScoped
public class DriftMonitor {
    private static final Logger LOG = Logger.getLogger(DriftMonitor.class);
    static final Duration HOUR = Duration.ofHours(1);

    private static final String MODEL_OF_HOUR = """
            SELECT model_version FROM predictions WHERE pair = $1 AND features_time > $2 AND features_time <= $3
            ORDER BY features_time DESC LIMIT 1""";
    private static final String DONE = """
            SELECT count(*) AS n FROM feature_drift WHERE pair = $1 AND model_version = $2 AND hour = $3""";
    private static final String ROWS = """
            SELECT feature_values::text AS feature_values FROM features
            WHERE pair = $1 AND time > $2 AND time <= $3 AND NOT warmup ORDER BY time""";
    private static final String INSERT = """
            INSERT INTO feature_drift (pair, model_version, hour, feature, rows, psi) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT DO NOTHING""";

    /** The drift of one feature in one hour. */
    public record Drift(String pair, String modelVersion, Instant hour, String feature, int rows, double psi) {
    }

    @Inject
    Pool pool;

    @Inject
    ModelRegistry registry;

    private final Map<String, Optional<Map<String, FeatureDrift.Bins>>> distributions = new ConcurrentHashMap<>();
    private final Map<String, Drift> latest = new ConcurrentHashMap<>();

    /** The latest drift per pair, model and feature (for the gauges). */
    public Map<String, Drift> latest() {
        return Map.copyOf(latest);
    }

    /** Computes the hour's drift if this candle closes an hour; the stored rows, or none. */
    public Uni<List<Drift>> onCandle(Candle candle) {
        if (candle.revision() != 0 || !closesAnHour(candle.end())) {
            return Uni.createFrom().item(List.of());
        }
        String pair = candle.pair();
        Instant end = candle.end();
        Instant start = end.minus(HOUR);
        return pool.preparedQuery(MODEL_OF_HOUR).execute(Tuple.of(pair, utc(start), utc(end))).flatMap(models -> {
            if (!models.iterator().hasNext()) {
                return Uni.createFrom().item(List.<Drift>of());
            }
            return measure(pair, models.iterator().next().getString("model_version"), start, end);
        });
    }

    /**
     * The same from the prediction of an hour's last row (features time on the hour): by then every row of the hour
     * is stored. When a replay runs ahead, the hour-closing candle reaches evaluate before predict has predicted that
     * hour; this trigger measures such hours. Whichever comes second finds the hour measured.
     */
    public Uni<List<Drift>> onPrediction(Prediction prediction) {
        if (!closesAnHour(prediction.featuresTime())) {
            return Uni.createFrom().item(List.of());
        }
        return measure(prediction.pair(), prediction.modelVersion(), prediction.featuresTime().minus(HOUR),
                prediction.featuresTime());
    }

    private static boolean closesAnHour(Instant time) {
        return time.getEpochSecond() % HOUR.toSeconds() == 0;
    }

    private Uni<List<Drift>> measure(String pair, String version, Instant start, Instant end) {
        return pool.preparedQuery(DONE).execute(Tuple.of(pair, version, utc(start)))
                .flatMap(done -> done.iterator().next().getLong("n") > 0
                        ? Uni.createFrom().item(List.<Drift>of())
                        : distribution(pair, version).flatMap(bins -> bins.isEmpty()
                                ? Uni.createFrom().item(List.<Drift>of())
                                : compute(pair, version, start, end, bins.get())));
    }

    private Uni<List<Drift>> compute(String pair, String version, Instant start, Instant end,
            Map<String, FeatureDrift.Bins> bins) {
        return pool.preparedQuery(ROWS).execute(Tuple.of(pair, utc(start), utc(end))).flatMap(rows -> {
            Map<String, List<Double>> values = new LinkedHashMap<>();
            bins.keySet().forEach(f -> values.put(f, new ArrayList<>()));
            for (Row row : rows) {
                JsonNode features = json(row.getString("feature_values"));
                values.forEach((feature, list) -> {
                    JsonNode v = features.path(feature);
                    list.add(v.isNumber() ? v.asDouble() : Double.NaN);
                });
            }
            List<Drift> drifts = new ArrayList<>();
            values.forEach((feature, list) -> {
                double[] array = list.stream().mapToDouble(Double::doubleValue).toArray();
                double psi = FeatureDrift.psi(bins.get(feature), array);
                if (!Double.isNaN(psi)) {
                    int present = (int) list.stream().filter(v -> !v.isNaN()).count();
                    drifts.add(new Drift(pair, version, start, feature, present, psi));
                }
            });
            if (drifts.isEmpty()) {
                return Uni.createFrom().item(drifts);
            }
            List<Tuple> batch = drifts.stream().map(d -> Tuple.of(d.pair(), d.modelVersion(), utc(d.hour()),
                    d.feature(), d.rows(), d.psi())).toList();
            return pool.preparedQuery(INSERT).executeBatch(batch).map(done -> {
                drifts.forEach(d -> latest.put(d.pair() + "|" + d.modelVersion() + "|" + d.feature(), d));
                LOG.debugf("%s %s drift of hour %s: %s", pair, version, start, drifts);
                return drifts;
            });
        });
    }

    /** The model's training bins of the key features, read once per version (blocking S3 off the event loop). */
    private Uni<Optional<Map<String, FeatureDrift.Bins>>> distribution(String pair, String version) {
        Optional<Map<String, FeatureDrift.Bins>> cached = distributions.get(pair + "|" + version);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return Uni.createFrom().item(() -> {
            Optional<Map<String, FeatureDrift.Bins>> bins = registry.metadata(pair, version).map(metadata -> {
                Map<String, FeatureDrift.Bins> result = new LinkedHashMap<>();
                metadata.path("features").path("distribution").properties()
                        .forEach(e -> result.put(e.getKey(), FeatureDrift.Bins.fromJson(e.getValue())));
                return result;
            }).filter(m -> !m.isEmpty());
            if (bins.isEmpty()) {
                LOG.infof("%s %s: no training distribution in its metadata; no drift for its hours", pair, version);
            }
            distributions.put(pair + "|" + version, bins);
            return bins;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static JsonNode json(String text) {
        try {
            return dev.tickcast.contracts.json.Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("features.feature_values: not JSON", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
