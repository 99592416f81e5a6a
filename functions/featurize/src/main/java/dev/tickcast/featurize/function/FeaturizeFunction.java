package dev.tickcast.featurize.function;

import jakarta.inject.Inject;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.featurize.service.Featurizer;
import dev.tickcast.runtime.Replies;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import io.smallrye.mutiny.Uni;

/**
 * candle.v1 → features.v1, over HTTP (Knative) and Kafka alike. A candle older than the stored revision of its
 * minute gets no reply (HTTP 204): the newer revision's row was emitted already.
 */
public class FeaturizeFunction {
    @Inject
    Featurizer featurizer;

    @Funq("featurize")
    @CloudEventMapping(trigger = EventTypes.CANDLE, responseType = EventTypes.FEATURES)
    public Uni<CloudEvent<FeatureRow>> featurize(CloudEvent<Candle> event) {
        return featurizer.featurize(event.data())
                .onItem().ifNotNull().transform(row -> Replies.to(event, row, row.time(), row.pair()));
    }
}
