package dev.tickcast.aggregate.function;

import java.util.List;

import jakarta.inject.Inject;

import dev.tickcast.aggregate.service.CandleAggregation;
import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.MalformedEventException;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.TradesBatch;
import dev.tickcast.runtime.EventSink;
import dev.tickcast.runtime.telemetry.Traceparents;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import io.smallrye.mutiny.Uni;

/**
 * trades.v1 → candle.v1. A batch closes zero, one or many minutes (and may revise closed ones), so the candles go
 * out through the {@link EventSink} after the batch's transaction committed, not as the reply: over HTTP the
 * answer is 204 and the candles go to the broker ingress; on the Kafka binding they go to the broker topic. When
 * a long gap leaves minutes pending after the delivery's budget, a continuation trades.v1 goes the same way.
 */
public class AggregateFunction {
    @Inject
    CandleAggregation aggregation;

    @Inject
    EventSink sink;

    @Funq("aggregate")
    @CloudEventMapping(trigger = EventTypes.TRADES, responseType = EventTypes.CANDLE)
    public Uni<Void> aggregate(CloudEvent<TradesBatch> event) {
        TradesBatch batch = event.data();
        if (batch == null) {
            // never succeeds: a 400 over HTTP, straight to the dead-letter topic on Kafka
            throw new MalformedEventException("data: a trades.v1 event carries a TradesBatch, got none");
        }
        // read now, while the delivery's span is current: the candles continue the trace from it
        String traceparent = Traceparents.of(event);
        return aggregation.process(batch, candles -> sink.sendAll(events(candles, traceparent)))
                .chain(pending -> pending ? sink.send(CandleEvents.continuation(event.id(), batch, traceparent))
                        : Uni.createFrom().voidItem());
    }

    private static List<CloudEventEnvelope> events(List<Candle> candles, String traceparent) {
        return candles.stream().map(candle -> CandleEvents.of(candle, traceparent)).toList();
    }
}
