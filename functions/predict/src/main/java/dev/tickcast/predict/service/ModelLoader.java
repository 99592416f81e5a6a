package dev.tickcast.predict.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.featurestore.FeatureSchema;
import dev.tickcast.predict.domain.ModelRefusedException;
import dev.tickcast.registry.ModelKind;
import dev.tickcast.registry.ModelRegistry;

/**
 * Reads a model version from the registry and loads it fully with DJL's XGBoost engine, checking on the way
 * everything that would make it predict wrongly, so that a refused version is never swapped in:
 * <ul>
 * <li>{@code metadata.json} exists (the version is complete) and names its columns ({@code features.names}), its
 * feature set, schema hash and training data end ({@code data.to}), and a known {@code kind} (persistence, linear,
 * xgboost; absent: xgboost, as versions were before kinds);</li>
 * <li>the columns hash to the recorded {@code features.schemaHash}, and the hash the promotion announced (if
 * any) is that one;</li>
 * <li>the newest feature row of the pair (if there is one yet) has that schema: its feature set and market
 * feature names, plus the sentiment columns when the model has them, hash the same;</li>
 * <li>the model loads and predicts a row of missing values.</li>
 * </ul>
 * Blocking (S3, native load): called on worker threads.
 */
@ApplicationScoped
public class ModelLoader {
    private final ModelRegistry registry;

    public ModelLoader(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param announcedHash the hash in model.promoted.v1, null when loading from champion.json
     * @param newestRow     the pair's newest feature row, if any: what predict will build vectors from next
     */
    public ChampionModel load(String pair, String version, String announcedHash, Instant promotedAt,
            Optional<FeatureRow> newestRow) {
        String where = ModelRegistry.prefix(pair, version);
        JsonNode metadata = registry.metadata(pair, version).orElseThrow(() -> new ModelRefusedException(
                where + ModelRegistry.METADATA + ": missing, version " + version + " of " + pair
                        + " is not complete in bucket " + registry.bucket()));
        JsonNode features = metadata.path("features");
        String recordedHash = text(features, "schemaHash", where);
        String featureSet = text(features, "featureSet", where);
        if (announcedHash != null && !announcedHash.equals(recordedHash)) {
            throw new ModelRefusedException("featureSchemaHash: model.promoted.v1 announces " + announcedHash + " but "
                    + where + "metadata.json features.schemaHash is " + recordedHash
                    + " (the event must describe the model it promotes)");
        }
        FeatureSchema schema = schemaOf(features, featureSet, where);
        if (!schema.hash().equals(recordedHash)) {
            throw new ModelRefusedException(where + "metadata.json features.names: hash to " + schema.hash()
                    + ", not to features.schemaHash " + recordedHash + " (the columns listed are not those hashed)");
        }
        if (newestRow.isPresent()) {
            FeatureRow row = newestRow.get();
            FeatureSchema built = FeatureSchema.of(row, schema.sentimentNames());
            if (!built.hash().equals(recordedHash)) {
                throw new ModelRefusedException("feature schema hash: version " + version + " of " + pair
                        + " was trained on " + recordedHash + " (" + schema.featureSet() + ", "
                        + schema.marketNames().size() + " market + " + schema.sentimentNames().size()
                        + " sentiment columns), but the rows predict builds for " + pair + " (newest at " + row.time()
                        + ") hash to " + built.hash() + " (" + built.featureSet() + ", " + built.marketNames().size()
                        + " market + " + built.sentimentNames().size() + " sentiment columns)");
            }
        }
        Instant trainedUntil = instant(metadata.path("data"), "to", where);
        int horizon = metadata.path("target").path("horizonMinutes").asInt(5);
        byte[] modelJson = registry.read(pair, version, ModelRegistry.MODEL).orElseThrow(() -> new ModelRefusedException(
                where + ModelRegistry.MODEL + ": missing"));
        ModelKind kind;
        try {
            kind = ModelKind.of(metadata);
        } catch (IllegalArgumentException e) {
            throw new ModelRefusedException(where + "metadata.json " + e.getMessage());
        }
        ChampionModel model = new ChampionModel(pair, version, kind, schema, recordedHash, trainedUntil, horizon,
                promotedAt, djl(modelJson, where));
        try {
            float probe = model.predict(new double[schema.names().size()]);
            if (!Float.isFinite(probe)) {
                throw new ModelRefusedException(where + ModelRegistry.MODEL + ": predicts " + probe + " for a row of zeros");
            }
        } catch (RuntimeException e) {
            model.retire();
            throw e instanceof ModelRefusedException refused ? refused
                    : new ModelRefusedException(where + ModelRegistry.MODEL + ": does not predict: " + e.getMessage(), e);
        }
        return model;
    }

    /** The columns of metadata.json: market names, then the sentiment columns when the list ends with them. */
    private static FeatureSchema schemaOf(JsonNode features, String featureSet, String where) {
        JsonNode array = features.path("names");
        if (!array.isArray() || array.isEmpty()) {
            throw new ModelRefusedException(where + "metadata.json features.names: required non-empty array of column names");
        }
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return FeatureSchema.ofColumns(featureSet, names);
    }

    private static Model djl(byte[] modelJson, String where) {
        Path dir = null;
        Model model = Model.newInstance("model", "XGBoost");
        try {
            dir = Files.createTempDirectory("tickcast-model-");
            Files.write(dir.resolve(ModelRegistry.MODEL), modelJson);
            model.load(dir, "model");
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelRefusedException(where + ModelRegistry.MODEL + ": DJL's XGBoost engine cannot load it: "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    private static String text(JsonNode node, String field, String where) {
        String value = node.path(field).asText("");
        if (value.isEmpty()) {
            throw new ModelRefusedException(where + "metadata.json features." + field + ": required");
        }
        return value;
    }

    private static Instant instant(JsonNode node, String field, String where) {
        try {
            return Instant.parse(node.path(field).asText(""));
        } catch (DateTimeParseException e) {
            throw new ModelRefusedException(where + "metadata.json data." + field
                    + ": required RFC 3339 instant (the end of the training data, for the expiry rule), got '"
                    + node.path(field).asText("") + "'");
        }
    }
}
