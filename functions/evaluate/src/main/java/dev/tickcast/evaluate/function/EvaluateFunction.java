package dev.tickcast.evaluate.function;

import jakarta.inject.Inject;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.model.Evaluation;
import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.contracts.cloudevents.MalformedEventException;
import dev.tickcast.evaluate.service.DriftMonitor;
import dev.tickcast.evaluate.service.Evaluator;
import dev.tickcast.runtime.Replies;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import io.smallrye.mutiny.Uni;

/**
 * candle.v1 and prediction.v1 → evaluation.v1, over HTTP (Knative) and Kafka alike. No reply (HTTP 204) when the
 * other half is not there yet or the prediction was evaluated already; its event time is the target time.
 */
public class EvaluateFunction {
    @Inject
    Evaluator evaluator;

    @Inject
    DriftMonitor drift;

    @Funq("evaluate")
    @CloudEventMapping(trigger = EventTypes.CANDLE, responseType = EventTypes.EVALUATION)
    public Uni<CloudEvent<Evaluation>> evaluate(CloudEvent<Candle> event) {
        if (event.data() == null) {
            throw new MalformedEventException("data: a candle.v1 event carries a Candle, got none");
        }
        // an hour-closing candle also measures the hour's feature drift (before the reply, so a failure retries both)
        return drift.onCandle(event.data()).flatMap(drifts -> evaluator.onCandle(event.data(), event.id()))
                .map(e -> e.map(evaluation -> Replies.to(event, evaluation, evaluation.targetTime(), evaluation.pair()))
                        .orElse(null));
    }

    @Funq("evaluate-prediction")
    @CloudEventMapping(trigger = EventTypes.PREDICTION, responseType = EventTypes.EVALUATION)
    public Uni<CloudEvent<Evaluation>> evaluatePrediction(CloudEvent<Prediction> event) {
        if (event.data() == null) {
            throw new MalformedEventException("data: a prediction.v1 event carries a Prediction, got none");
        }
        return drift.onPrediction(event.data()).flatMap(drifts -> evaluator.onPrediction(event.data(), event.id()))
                .map(e -> e.map(evaluation -> Replies.to(event, evaluation, evaluation.targetTime(), evaluation.pair()))
                        .orElse(null));
    }
}
