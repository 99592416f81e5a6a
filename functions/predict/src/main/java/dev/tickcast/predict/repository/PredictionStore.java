package dev.tickcast.predict.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.contracts.model.TradingSignal;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The prediction store: a prediction and its signal, written in one transaction, keyed by (pair, features time).
 * Hibernate Reactive needs a Vert.x duplicated context, which the Kafka binding's worker threads do not have:
 * each call runs on one of its own.
 */
@ApplicationScoped
public class PredictionStore {
    /** What is stored for one feature row. */
    public record Stored(Prediction prediction, TradingSignal signal) {
    }

    private final Vertx vertx;

    public PredictionStore(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The prediction and signal stored for the row of {@code pair} at {@code time}; a null item if none. */
    public Uni<Stored> find(String pair, Instant time) {
        PairTimeId id = new PairTimeId(pair, utc(time));
        return onContext(() -> Panache.withSession(() -> StoredPrediction.<StoredPrediction> findById(id)
                .chain(p -> p == null ? Uni.createFrom().<Stored> nullItem()
                        : StoredSignal.<StoredSignal> findById(id).map(s -> new Stored(p.toPrediction(), s.toSignal())))));
    }

    /** The time of the newest row of {@code pair} that has a prediction; a null item if none. */
    public Uni<Instant> newestPredicted(String pair) {
        return onContext(() -> Panache.withSession(() -> StoredPrediction
                .<StoredPrediction> find("pair", Sort.descending("time"), pair).firstResult()
                .map(p -> p == null ? null : p.time.toInstant())));
    }

    /**
     * Stores both, or neither. If the row was stored meanwhile (another delivery of it won the race), the stored
     * one is the answer: a row has one prediction, whichever model the loser used.
     */
    public Uni<Stored> save(Prediction prediction, TradingSignal signal) {
        return onContext(() -> Panache.withTransaction(() -> StoredPrediction.of(prediction).persist()
                .chain(() -> StoredSignal.of(signal).persist())))
                .map(ignored -> new Stored(prediction, signal))
                .onFailure(PredictionStore::isDuplicateKey)
                .recoverWithUni(() -> find(prediction.pair(), prediction.featuresTime()));
    }

    private static boolean isDuplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException
                    || t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code work} on a new duplicated context flagged safe, as Hibernate Reactive Panache requires. */
    private <T> Uni<T> onContext(Supplier<Uni<T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> Uni.createFrom().<T> deferred(work::get)
                .subscribe().with(emitter::complete, emitter::fail)));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
