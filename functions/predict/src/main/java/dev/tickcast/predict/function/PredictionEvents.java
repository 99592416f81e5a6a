package dev.tickcast.predict.function;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.contracts.model.TradingSignal;
import dev.tickcast.runtime.telemetry.Traceparents;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;

/**
 * The events of a stored prediction. Their ids derive from (pair, features time), not from the input event, so
 * every delivery of a row, whatever its event id, yields the same prediction.v1 and signal.v1 ids and consumers
 * drop the repeats.
 */
public final class PredictionEvents {
    public static final String SOURCE = "predict";

    private PredictionEvents() {
    }

    public static String predictionId(Prediction p) {
        return EventIds.derive("prediction", p.pair(), p.featuresTime().toString());
    }

    public static String signalId(TradingSignal s) {
        return EventIds.derive("signal", s.pair(), s.time().toString());
    }

    /** The reply: time = the features time t, subject and partitionkey = the pair, traceparent of the handling span. */
    public static CloudEvent<Prediction> reply(CloudEvent<?> input, Prediction p) {
        Map<String, String> extensions = new TreeMap<>();
        extensions.put(CloudEventEnvelope.PARTITION_KEY, p.pair());
        String traceparent = Traceparents.of(input);
        if (traceparent != null) {
            extensions.put(CloudEventEnvelope.TRACEPARENT, traceparent);
        }
        return CloudEventBuilder.create()
                .specVersion(CloudEventEnvelope.SPEC_VERSION)
                .id(predictionId(p))
                .subject(p.pair())
                .time(OffsetDateTime.ofInstant(p.featuresTime(), ZoneOffset.UTC))
                .extensions(extensions)
                .build(p);
    }

    public static CloudEventEnvelope signal(TradingSignal s, String traceparent) {
        try {
            return CloudEventEnvelope.json(signalId(s), SOURCE, EventTypes.SIGNAL, s.pair(),
                    OffsetDateTime.ofInstant(s.time(), ZoneOffset.UTC), traceparent, Json.mapper().writeValueAsBytes(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("signal " + signalId(s) + " could not be written", e);
        }
    }
}
