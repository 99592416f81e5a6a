package dev.tickcast.predict;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.contracts.model.ModelPromoted;
import dev.tickcast.featurestore.FeatureSchema;
import dev.tickcast.registry.ModelRegistry;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Real tiny models for predict's tests: XGBoost (xgboost4j 3.0.4, what train uses) fitted on synthetic rows whose
 * five-minute log return is {@code slope × drift}, written to the registry the way train writes them.
 */
public final class ModelFixtures {
    public static final String FEATURE_SET = "market-v1";
    /** Market feature names, sorted as a feature row keeps them. */
    public static final List<String> DEFAULT_NAMES = List.of("drift", "noise", "volume_z");
    public static final Instant DEFAULT_TRAINED_UNTIL = Instant.parse("2026-03-01T00:00:00Z");
    public static final Instant DEFAULT_SWITCHED_AT = Instant.parse("2026-03-01T01:00:00Z");
    public static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private ModelFixtures() {
    }

    /** model.json of an XGBoost regressor of the log return ≈ slope × drift over columns {@code names}. */
    public static byte[] createModel(List<String> names, double slope, long seed) {
        int n = 600;
        int k = names.size();
        int drift = names.indexOf("drift");
        Random random = new Random(seed);
        float[] data = new float[n * k];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                data[i * k + j] = (float) random.nextGaussian();
            }
            data[i * k + drift] = (float) (random.nextDouble() * 6 - 3);
            labels[i] = (float) (slope * data[i * k + drift]);
        }
        try {
            DMatrix matrix = new DMatrix(data, n, k, Float.NaN);
            matrix.setLabel(labels);
            Map<String, Object> params = new HashMap<>();
            params.put("max_depth", 3);
            params.put("eta", 0.3);
            params.put("objective", "reg:squarederror");
            params.put("tree_method", "hist");
            params.put("nthread", 1);
            params.put("seed", seed);
            Booster booster = XGBoost.train(matrix, params, 40, Map.of(), null, null);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            booster.saveModel(out, "json");
            booster.dispose();
            matrix.dispose();
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What xgboost4j itself predicts for one row of the model: the reference predict must equal. */
    public static float xgboostPredict(byte[] model, double[] x) {
        try {
            Booster booster = XGBoost.loadModel(model);
            float[] row = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                row[i] = (float) x[i];
            }
            DMatrix matrix = new DMatrix(row, 1, x.length, Float.NaN);
            try {
                return booster.predict(matrix)[0][0];
            } finally {
                matrix.dispose();
                booster.dispose();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hash(List<String> names) {
        return FeatureSchema.hash(FEATURE_SET, names);
    }

    /**
     * Writes a version as train does (model.json, report.html, metadata.json last) with {@code features.names}
     * {@code names}, {@code features.schemaHash} {@code recordedHash} and training data up to {@code trainedUntil}.
     */
    public static void createVersion(ModelRegistry registry, String pair, String version, byte[] model,
            List<String> names, String recordedHash, Instant trainedUntil) {
        ObjectNode metadata = Json.mapper().createObjectNode();
        metadata.put("pair", pair);
        metadata.put("version", version);
        metadata.putObject("target").put("horizonMinutes", 5);
        ObjectNode features = metadata.putObject("features");
        features.put("featureSet", FEATURE_SET);
        features.put("schemaHash", recordedHash);
        ArrayNode array = features.putArray("names");
        names.forEach(array::add);
        ObjectNode data = metadata.putObject("data");
        data.put("from", trainedUntil.minusSeconds(86_400).toString());
        data.put("to", trainedUntil.toString());
        registry.writeVersion(pair, version, model, "<html></html>".getBytes(StandardCharsets.UTF_8), metadata);
    }

    /** Points champion.json at {@code version}, as train's promotion does. */
    public static void switchChampion(ModelRegistry registry, String pair, String version, String hash) {
        ObjectNode pointer = Json.mapper().createObjectNode();
        pointer.put("pair", pair);
        pointer.put("version", version);
        pointer.put("location", registry.location(pair, version));
        pointer.put("featureSchemaHash", hash);
        pointer.put("switchedAt", DEFAULT_SWITCHED_AT.toString());
        if (!registry.switchChampion(pair, pointer, registry.champion(pair))) {
            throw new IllegalStateException("champion of " + pair + " changed meanwhile");
        }
    }

    public static FeatureRow createRow(String pair, Instant time, String close, double drift, Double volumeZ,
            boolean warmup) {
        Map<String, Double> values = new HashMap<>();
        values.put("drift", drift);
        values.put("noise", 0.25);
        values.put("volume_z", volumeZ);
        return new FeatureRow(pair, time, new BigDecimal(close), values, warmup, FEATURE_SET);
    }

    /** The vector train builds for a row of {@link #DEFAULT_NAMES} (NaN where missing). */
    public static double[] vector(FeatureRow row) {
        return DEFAULT_NAMES.stream().mapToDouble(n -> row.values().get(n) == null ? Double.NaN : row.values().get(n))
                .toArray();
    }

    public static CloudEventEnvelope featuresEvent(FeatureRow row) {
        return featuresEvent(UUID.randomUUID().toString(), row);
    }

    public static CloudEventEnvelope featuresEvent(String id, FeatureRow row) {
        try {
            return CloudEventEnvelope.json(id, "/test/featurize", EventTypes.FEATURES, row.pair(),
                    OffsetDateTime.ofInstant(row.time(), ZoneOffset.UTC), TRACEPARENT, Json.mapper().writeValueAsBytes(row));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static ModelPromoted createPromoted(ModelRegistry registry, String pair, String version, String hash,
            Instant promotedAt) {
        return new ModelPromoted(pair, version, null, registry.location(pair, version), hash, promotedAt,
                Map.of("mae", 0.001));
    }

    public static CloudEventEnvelope promotedEvent(ModelPromoted promoted) {
        try {
            return CloudEventEnvelope.json(UUID.randomUUID().toString(), "/test/train", EventTypes.MODEL_PROMOTED,
                    promoted.pair(), OffsetDateTime.ofInstant(promoted.promotedAt(), ZoneOffset.UTC), TRACEPARENT,
                    Json.mapper().writeValueAsBytes(promoted));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
