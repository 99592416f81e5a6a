package dev.tickcast.predict.function;

import jakarta.inject.Inject;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.MalformedEventException;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.contracts.model.ModelPromoted;
import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.predict.service.ChampionModels;
import dev.tickcast.predict.service.Forecaster;
import dev.tickcast.runtime.EventSink;
import dev.tickcast.runtime.telemetry.Traceparents;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * features.v1 → prediction.v1 (the reply) + signal.v1 (through the {@link EventSink}), and model.promoted.v1 →
 * the champion swap, over HTTP (Knative) and Kafka alike. A skipped row gets no reply (HTTP 204).
 */
public class PredictFunction {
    @Inject
    Forecaster forecaster;

    @Inject
    ChampionModels models;

    @Inject
    EventSink sink;

    @Funq("predict")
    @CloudEventMapping(trigger = EventTypes.FEATURES, responseType = EventTypes.PREDICTION)
    public Uni<CloudEvent<Prediction>> predict(CloudEvent<FeatureRow> event) {
        FeatureRow row = event.data();
        if (row == null) {
            throw new MalformedEventException("data: a features.v1 event carries a FeatureRow, got none");
        }
        // read now, while the delivery's span is current: the signal continues the trace from it
        String traceparent = Traceparents.of(event);
        // the signal is sent (again, same id) before the reply, so a failure in between is retried, never lost
        return forecaster.forecast(row).onItem().ifNotNull().call(stored -> sink.send(
                PredictionEvents.signal(stored.signal(), traceparent)))
                .onItem().ifNotNull().transform(stored -> PredictionEvents.reply(event, stored.prediction()));
    }

    @Funq("promote")
    @CloudEventMapping(trigger = EventTypes.MODEL_PROMOTED)
    public Uni<Void> promote(CloudEvent<ModelPromoted> event) {
        ModelPromoted promoted = event.data();
        if (promoted == null) {
            throw new MalformedEventException("data: a model.promoted.v1 event carries a ModelPromoted, got none");
        }
        // loading a model reads S3 and native code: a worker thread
        return Uni.createFrom().item(() -> models.promote(promoted))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .replaceWithVoid();
    }
}
