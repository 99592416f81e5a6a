package dev.tickcast.sentiment.function;

import jakarta.inject.Inject;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.news.NewsItem;
import dev.tickcast.contracts.news.SentimentScores;
import dev.tickcast.runtime.Replies;
import dev.tickcast.sentiment.service.SentimentService;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import io.smallrye.mutiny.Uni;

/** news.v1 → sentiment.v1, over HTTP (Knative) and Kafka alike; the reply's time is the news item's. */
public class SentimentFunction {
    @Inject
    SentimentService sentiment;

    @Funq("sentiment")
    @CloudEventMapping(trigger = EventTypes.NEWS, responseType = EventTypes.SENTIMENT)
    public Uni<CloudEvent<SentimentScores>> sentiment(CloudEvent<NewsItem> event) {
        return sentiment.score(event.data()).map(scores -> Replies.to(event, scores, scores.publishedAt()));
    }
}
