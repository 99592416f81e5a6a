package dev.tickcast.api.repository;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import org.jboss.logging.Logger;

import dev.tickcast.registry.ModelKind;
import dev.tickcast.registry.ModelRegistry;

/**
 * What the api says about models, read from the S3 model registry: the champion pointer of a pair, and the kind
 * of any version (persistence, linear, xgboost) from its {@code metadata.json}. A version's metadata never changes
 * once written, so kinds are cached; the champion pointer is read each time. Blocking (S3): call on a worker.
 */
@ApplicationScoped
public class ModelRepository {
    private static final Logger LOG = Logger.getLogger(ModelRepository.class);

    /** The champion of a pair as {@code champion.json} says. */
    public record Champion(String pair, String version, String kind, Instant switchedAt, String reason,
            String previousVersion) {
    }

    private final ModelRegistry registry;
    private final Map<String, ModelKind> kinds = new ConcurrentHashMap<>();

    public ModelRepository(ModelRegistry registry) {
        this.registry = registry;
    }

    public Optional<Champion> champion(String pair) {
        return registry.champion(pair).map(p -> {
            JsonNode c = p.champion();
            String switchedAt = c.path("switchedAt").asText("");
            return new Champion(pair, p.version(), ModelKind.of(c).label(),
                    switchedAt.isEmpty() ? null : Instant.parse(switchedAt), c.path("reason").asText(null),
                    c.path("previousVersion").isNull() ? null : c.path("previousVersion").asText(null));
        });
    }

    /** The kind of a version if it has been read before: no I/O, so callers on the event loop may ask. */
    public Optional<ModelKind> knownKind(String pair, String version) {
        return Optional.ofNullable(kinds.get(pair + "|" + version));
    }

    /**
     * The kind of a version; empty when the registry has no complete version of that name or cannot be read
     * (the caller answers without a kind rather than not at all).
     */
    public Optional<ModelKind> kind(String pair, String version) {
        Optional<ModelKind> known = knownKind(pair, version);
        if (known.isPresent()) {
            return known;
        }
        try {
            Optional<ModelKind> kind = registry.metadata(pair, version).map(ModelKind::of);
            kind.ifPresent(k -> kinds.put(pair + "|" + version, k));
            return kind;
        } catch (RuntimeException e) {
            LOG.warnf("kind of model %s of %s unknown, the registry could not be read: %s", version, pair, e.getMessage());
            return Optional.empty();
        }
    }
}
