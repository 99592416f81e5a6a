package dev.tickcast.predict.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;

import org.jboss.logging.Logger;

import dev.tickcast.contracts.model.ModelPromoted;
import dev.tickcast.featurestore.FeatureStore;
import dev.tickcast.predict.config.PredictConfig;
import dev.tickcast.predict.domain.ModelRefusedException;
import dev.tickcast.registry.ModelRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The champion model of each pair, cached. Looked up through the registry's {@code champion.json} on a pair's
 * first row (and at start for {@code tickcast.predict.pairs}), replaced on model.promoted.v1.
 * <p>
 * Swaps are atomic: the new version is loaded and checked completely first, then one {@code getAndSet} on the
 * pair's reference puts it in place. An event takes the reference once ({@link #acquire}) and predicts with that
 * model to the end, so each row is predicted by exactly one model, and no row finds the slot empty during a
 * swap. The old model closes once its last in-flight row released it. Blocking: call on worker threads.
 */
@ApplicationScoped
public class ChampionModels {
    private static final Logger LOG = Logger.getLogger(ChampionModels.class);

    private final ModelRegistry registry;
    private final ModelLoader loader;
    private final FeatureStore features;
    private final PredictConfig config;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

    /** What happened to a model.promoted.v1 event. */
    public enum Swap {
        SWAPPED, ALREADY_SERVING, SUPERSEDED, REFUSED
    }

    private static final class Slot {
        final AtomicReference<ChampionModel> current = new AtomicReference<>();
        /** champion.json has been read (or a promotion applied): absence is then known, not unknown. */
        volatile boolean lookedUp;
        /** The ETag of the champion.json last reconciled with, for a conditional read. */
        volatile String etag;
    }

    public ChampionModels(ModelRegistry registry, ModelLoader loader, FeatureStore features, PredictConfig config) {
        this.registry = registry;
        this.loader = loader;
        this.features = features;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start) {
        for (String pair : config.pairs().orElse(List.of())) {
            try {
                lookUp(pair, slot(pair));
            } catch (RuntimeException e) {
                // the registry may not be reachable yet: the pair's first row looks again
                LOG.warnf("champion of %s not loaded at start: %s", pair, e.getMessage());
            }
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        slots.values().forEach(slot -> {
            ChampionModel model = slot.current.getAndSet(null);
            if (model != null) {
                model.retire();
            }
        });
    }

    /**
     * The pair's champion, acquired: the caller must {@link ChampionModel#release()} it. Null when the pair has no
     * champion that can be served.
     */
    public ChampionModel acquire(String pair) {
        Slot slot = slot(pair);
        if (!slot.lookedUp) {
            lookUp(pair, slot);
        }
        while (true) {
            ChampionModel model = slot.current.get();
            if (model == null || model.tryAcquire()) {
                return model;
            }
            // closed by a swap between the read and the acquire: the slot holds its successor
        }
    }

    /** The version serving {@code pair} now, if any (no lookup). */
    public Optional<String> servingVersion(String pair) {
        Slot slot = slots.get(pair);
        return Optional.ofNullable(slot == null ? null : slot.current.get()).map(ChampionModel::version);
    }

    /** Promotions of {@code pair} refused so far. */
    public long refusals(String pair) {
        var count = refusals.get(pair);
        return count == null ? 0 : count.sum();
    }

    /**
     * Applies a promotion: loads and checks the announced version, then swaps it in. A refused version leaves
     * the current champion serving; a promotion older than the one serving (a redelivery after a later one) or
     * of the version already serving changes nothing.
     */
    public Swap promote(ModelPromoted promoted) {
        String pair = promoted.pair();
        Slot slot = slot(pair);
        ChampionModel serving = slot.current.get();
        if (serving != null && serving.version().equals(promoted.version())) {
            LOG.infof("model.promoted.v1 %s of %s: already serving it", promoted.version(), pair);
            return Swap.ALREADY_SERVING;
        }
        if (serving != null && promoted.promotedAt().isBefore(serving.promotedAt())) {
            LOG.infof("model.promoted.v1 %s of %s (promoted at %s): superseded by %s, promoted at %s", promoted.version(),
                    pair, promoted.promotedAt(), serving.version(), serving.promotedAt());
            return Swap.SUPERSEDED;
        }
        String expectedLocation = registry.location(pair, promoted.version());
        ChampionModel loaded;
        try {
            if (!expectedLocation.equals(promoted.location())) {
                throw new ModelRefusedException("location: model.promoted.v1 points at " + promoted.location()
                        + ", predict serves models from " + expectedLocation);
            }
            loaded = loader.load(pair, promoted.version(), promoted.featureSchemaHash(), promoted.promotedAt(),
                    features.latest(pair).await().indefinitely());
        } catch (ModelRefusedException e) {
            refusals.computeIfAbsent(pair, p -> new LongAdder()).increment();
            LOG.errorf("refused model %s of %s, still serving %s: %s", promoted.version(), pair,
                    serving == null ? "none" : serving.version(), e.getMessage());
            return Swap.REFUSED;
        }
        return swapIn(pair, slot, loaded);
    }

    /**
     * Promotions converge even when a model.promoted.v1 is lost: every {@code tickcast.predict.champion-refresh}
     * each pair seen so far has its champion.json read again (conditionally on its ETag, so an unchanged pointer
     * costs no body), and a pointer at another version than the one serving is applied like the event would have
     * been, by {@link #promote}.
     */
    @Scheduled(identity = "champion-refresh", every = "${tickcast.predict.champion-refresh}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        for (String pair : List.copyOf(slots.keySet())) {
            try {
                reconcile(pair);
            } catch (RuntimeException e) {
                // the registry may be down: the next refresh (or the next promotion event) tries again
                LOG.warnf("champion of %s not reconciled with champion.json: %s", pair, e.getMessage());
            }
        }
    }

    /** Applies champion.json if it changed since the last look and names another version than the one serving. */
    public Swap reconcile(String pair) {
        Slot slot = slot(pair);
        Optional<ModelRegistry.Pointer> pointer = registry.championIfChanged(pair, slot.etag);
        if (pointer.isEmpty()) {
            return Swap.ALREADY_SERVING;
        }
        slot.etag = pointer.get().etag();
        JsonNode champion = pointer.get().champion();
        String version = pointer.get().version();
        ChampionModel serving = slot.current.get();
        if (serving != null && serving.version().equals(version)) {
            return Swap.ALREADY_SERVING;
        }
        String switchedAt = champion.path("switchedAt").asText("");
        LOG.infof("champion.json of %s names %s, serving %s: applying it (a model.promoted.v1 may have been lost)",
                pair, version, serving == null ? "none" : serving.version());
        return promote(new ModelPromoted(pair, version, serving == null ? null : serving.version(),
                registry.location(pair, version), champion.path("featureSchemaHash").asText(null),
                switchedAt.isEmpty() ? Instant.EPOCH : Instant.parse(switchedAt), Map.of()));
    }

    /** The one place a champion changes: serialized, so of two promotions loaded at once the later one wins. */
    private synchronized Swap swapIn(String pair, Slot slot, ChampionModel model) {
        ChampionModel serving = slot.current.get();
        if (serving != null && model.promotedAt().isBefore(serving.promotedAt())) {
            model.retire();
            LOG.infof("model.promoted.v1 %s of %s: superseded by %s while loading", model.version(), pair,
                    serving.version());
            return Swap.SUPERSEDED;
        }
        ChampionModel previous = slot.current.getAndSet(model);
        slot.lookedUp = true;
        if (previous != null) {
            previous.retire();
        }
        LOG.infof("champion of %s: now %s (trained until %s, schema %s), was %s", pair, model.version(),
                model.trainedUntil(), model.schemaHash(), previous == null ? "none" : previous.version());
        return Swap.SWAPPED;
    }

    private Slot slot(String pair) {
        return slots.computeIfAbsent(pair, p -> new Slot());
    }

    /** Reads champion.json once per pair; a refused champion leaves the pair without a model, logged. */
    private void lookUp(String pair, Slot slot) {
        synchronized (slot) {
            if (slot.lookedUp) {
                return;
            }
            Optional<ModelRegistry.Pointer> pointer = registry.champion(pair);
            pointer.ifPresent(p -> slot.etag = p.etag());
            if (pointer.isEmpty()) {
                LOG.infof("no champion of %s in the registry yet", pair);
            } else {
                String version = pointer.get().version();
                String switchedAt = pointer.get().champion().path("switchedAt").asText("");
                Instant promotedAt = switchedAt.isEmpty() ? Instant.EPOCH : Instant.parse(switchedAt);
                try {
                    ChampionModel model = loader.load(pair, version, null, promotedAt,
                            features.latest(pair).await().indefinitely());
                    if (slot.current.compareAndSet(null, model)) {
                        LOG.infof("champion of %s: %s from champion.json (trained until %s)", pair, version,
                                model.trainedUntil());
                    } else {
                        model.retire(); // a promotion got there first
                    }
                } catch (ModelRefusedException e) {
                    refusals.computeIfAbsent(pair, p -> new LongAdder()).increment();
                    LOG.errorf("refused champion %s of %s from champion.json: %s", version, pair, e.getMessage());
                }
            }
            slot.lookedUp = true;
        }
    }
}
