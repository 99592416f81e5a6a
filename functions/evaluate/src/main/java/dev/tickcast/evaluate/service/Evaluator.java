package dev.tickcast.evaluate.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.model.Evaluation;
import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.evaluate.config.EvaluateConfig;
import dev.tickcast.evaluate.domain.Scoring;
import dev.tickcast.evaluate.repository.EvaluationStore;
import io.smallrye.mutiny.Uni;

/**
 * Scores a prediction once both it and the close of its target minute exist, whichever arrives second: a
 * {@code candle.v1} looks for the prediction aimed at its end, a {@code prediction.v1} for the stored close of its
 * target minute. Both events of a pair travel on one partition in order, so one of the two always finds the
 * other. The first close scores; a later revision of that minute does not re-score it (documented in the README).
 */
@ApplicationScoped
public class Evaluator {
    private static final Logger LOG = Logger.getLogger(Evaluator.class);

    @Inject
    EvaluationStore store;

    @Inject
    EvaluateConfig config;

    @Inject
    EvaluationMetrics metrics;

    public Uni<Optional<Evaluation>> onCandle(Candle candle, String eventId) {
        return store.predictionTargeting(candle.pair(), candle.end()).flatMap(prediction -> prediction.isEmpty()
                ? Uni.createFrom().item(Optional.<Evaluation>empty())
                : record(Scoring.score(prediction.get(), candle.close()), candle.revision(), eventId));
    }

    public Uni<Optional<Evaluation>> onPrediction(Prediction prediction, String eventId) {
        return store.closeAt(prediction.pair(), prediction.targetTime()).flatMap(close -> close.isEmpty()
                ? Uni.createFrom().item(Optional.<Evaluation>empty())
                : record(Scoring.score(prediction, close.get().price()), close.get().revision(), eventId));
    }

    private Uni<Optional<Evaluation>> record(Evaluation evaluation, int revision, String eventId) {
        return store.record(evaluation, revision, eventId, config.rollingWindow()).map(recorded -> {
            metrics.recorded(evaluation, recorded);
            recorded.rolling().ifPresent(r -> LOG.debugf("%s %s rolling over %d: MAE %s, skill %s, direction %.3f",
                    evaluation.pair(), evaluation.modelVersion(), r.evaluations(), r.mae(), r.skill(),
                    r.directionAccuracy()));
            return recorded.toEmit();
        });
    }
}
