package dev.tickcast.registry;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.Pairs;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.model.ModelPromoted;

/**
 * Making a complete version the champion of a pair and the {@code model.promoted.v1} event that announces it:
 * the one way train's gate and rollback and the api's admin actions switch the champion. Sending the event is
 * the caller's (each has its own way to reach the broker); it is built here so that every switch says the same.
 */
public final class ChampionSwitch {
    /** A version name, as model.promoted.v1's schema allows it. */
    public static final String VERSION_PATTERN = "^[A-Za-z0-9._:-]{1,64}$";

    private final ModelRegistry registry;

    public ChampionSwitch(ModelRegistry registry) {
        this.registry = registry;
    }

    /** What a switch did: the new pointer's event, or nothing when the version already was the champion. */
    public record Switched(String pair, String version, String previousVersion, Optional<ModelPromoted> promoted,
            Optional<CloudEventEnvelope> event) {
        public boolean changed() {
            return promoted.isPresent();
        }
    }

    /** A switch that cannot be done as asked: the version is missing, incomplete, or the gate rejected it. */
    public static class Refused extends IllegalArgumentException {
        public enum Why {
            NO_SUCH_VERSION, REJECTED_BY_GATE
        }

        private final Why why;

        Refused(Why why, String message) {
            super(message);
            this.why = why;
        }

        public Why why() {
            return why;
        }
    }

    /** The champion pointer changed between reading it and switching it: nothing was switched. */
    public static class ChampionChanged extends IllegalStateException {
        ChampionChanged(String message) {
            super(message);
        }
    }

    /**
     * Makes {@code version} the champion whatever its gate decided (an operator's decision), if it is complete.
     * Conditional on the pointer read here.
     */
    public Switched promote(String pair, String version, String reason, Instant at, String source) {
        JsonNode metadata = completeVersion(pair, version);
        return switchUnlessCurrent(pair, version, metadata, reason, at, source);
    }

    /** Points the champion back at a complete version that once passed the gate. */
    public Switched rollback(String pair, String version, Instant at, String source) {
        JsonNode metadata = completeVersion(pair, version);
        if (!metadata.path("gate").path("promote").asBoolean(false)) {
            throw new Refused(Refused.Why.REJECTED_BY_GATE, "version " + version + " of " + pair
                    + " was rejected by the gate (" + metadata.path("gate").path("reason").asText()
                    + "); only versions that passed it can be champion");
        }
        return switchUnlessCurrent(pair, version, metadata, "rollback", at, source);
    }

    /**
     * Points the champion at {@code version} if the pointer is still {@code expected} (read before deciding;
     * empty: there was none), and builds the announcement.
     *
     * @throws ChampionChanged if somebody switched it meanwhile
     */
    public Switched switchTo(String pair, String version, Optional<ModelRegistry.Pointer> expected, JsonNode metadata,
            String reason, Instant at, String source) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metadata.path("metrics").path("holdout").path("model").properties()
                .forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
        String previous = expected.map(ModelRegistry.Pointer::version).orElse(null);
        String location = registry.location(pair, version);
        String schemaHash = metadata.path("features").path("schemaHash").asText();
        ObjectNode pointer = Json.mapper().createObjectNode();
        pointer.put("pair", pair);
        pointer.put("version", version);
        pointer.put("kind", ModelKind.of(metadata).label());
        pointer.put("location", location);
        pointer.put("model", location + ModelRegistry.MODEL);
        pointer.put("featureSchemaHash", schemaHash);
        pointer.set("featureNames", metadata.path("features").path("names"));
        pointer.put("previousVersion", previous);
        pointer.put("switchedAt", at.toString());
        pointer.put("reason", reason);
        if (!registry.switchChampion(pair, pointer, expected)) {
            throw new ChampionChanged("the champion of " + pair + " changed meanwhile (now "
                    + registry.champion(pair).map(ModelRegistry.Pointer::version).orElse("none") + "); " + version
                    + " was not switched to");
        }
        ModelPromoted promoted = new ModelPromoted(pair, version, previous, location, schemaHash, at, metrics);
        try {
            CloudEventEnvelope event = CloudEventEnvelope.json(
                    EventIds.derive("model.promoted", pair, version, String.valueOf(previous), at.toString()), source,
                    EventTypes.MODEL_PROMOTED, pair, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), null,
                    Json.mapper().writeValueAsBytes(promoted));
            return new Switched(pair, version, previous, Optional.of(promoted), Optional.of(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Switched switchUnlessCurrent(String pair, String version, JsonNode metadata, String reason, Instant at,
            String source) {
        Optional<ModelRegistry.Pointer> current = registry.champion(pair);
        if (current.isPresent() && current.get().version().equals(version)) {
            return new Switched(pair, version, version, Optional.empty(), Optional.empty());
        }
        return switchTo(pair, version, current, metadata, reason, at, source);
    }

    private JsonNode completeVersion(String pair, String version) {
        if (!Pairs.isEventForm(pair)) {
            throw new IllegalArgumentException("pair: must be BASE/QUOTE (e.g. BTC/USD), got '" + pair + "'");
        }
        if (version == null || !version.matches(VERSION_PATTERN)) {
            throw new IllegalArgumentException("version: must match " + VERSION_PATTERN + ", got '" + version + "'");
        }
        return registry.metadata(pair, version).orElseThrow(() -> new Refused(Refused.Why.NO_SUCH_VERSION,
                "no complete version '" + version + "' of " + pair + " in " + registry.bucket() + "; versions: "
                        + registry.versions(pair)));
    }
}
