package dev.tickcast.ingest.function;

import jakarta.inject.Inject;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.news.NewsPoll;
import dev.tickcast.ingest.service.NewsPoller;
import dev.tickcast.runtime.telemetry.Traceparents;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * news.poll.v1 tick → 0..n news.v1 events, sent through the EventSink (no reply: HTTP 204). The tick carries no
 * work; each one polls every source from where it stopped, so a redelivered or doubled tick is just another poll.
 */
public class NewsPollFunction {
    @Inject
    NewsPoller poller;

    @Funq("poll-news")
    @CloudEventMapping(trigger = EventTypes.NEWS_POLL, responseType = EventTypes.NEWS)
    public Uni<Void> pollNews(CloudEvent<NewsPoll> tick) {
        tick.data(); // Funqy's HTTP binding reads the data lazily: reading it checks the tick's contract (400 if broken)
        // the news events continue the trace from the span of this tick (read now, while it is current)
        String traceparent = Traceparents.of(tick);
        // HTTP requests to the sources and blocking database calls: off the event loop
        return Uni.createFrom().item(() -> poller.poll(traceparent)).replaceWithVoid()
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
