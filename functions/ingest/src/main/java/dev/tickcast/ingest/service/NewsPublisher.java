package dev.tickcast.ingest.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.DeadLetter;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.ingest.config.IngestConfig;
import dev.tickcast.ingest.repository.NewsLedger.Unemitted;
import dev.tickcast.runtime.EventSink;
import dev.tickcast.runtime.config.KafkaBindingConfig;

/**
 * Sends a news item as its news.v1 event, or, when it breaks the contract, as a dead letter with the violation as
 * the reason. The event id derives from the news id, so a re-sent item is the same event. Blocking: returns when
 * the broker (or the dead-letter sink) has it.
 */
@ApplicationScoped
public class NewsPublisher {
    public static final String FUNCTION = "poll-news";
    private static final Logger LOG = Logger.getLogger(NewsPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    EventSink sink;

    @Inject
    KafkaBindingConfig binding;

    @Inject
    IngestConfig config;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The news.v1 event of an item: no pair (news is about coins, not pairs), time = publication time. */
    public static CloudEventEnvelope event(Unemitted item, String traceparent) {
        OffsetDateTime time = item.publishedAt() == null ? null : item.publishedAt().atOffset(ZoneOffset.UTC);
        return CloudEventEnvelope.json(EventIds.derive("news", item.newsId()), "/tickcast/ingest/news/" + item.source(),
                EventTypes.NEWS, null, time, traceparent, item.payload().getBytes(StandardCharsets.UTF_8));
    }

    /** Returns true when the item went out as news.v1, false when it was dead-lettered. */
    public boolean publish(Unemitted item, String traceparent) {
        CloudEventEnvelope event = event(item, traceparent);
        if (item.violation() == null) {
            sink.send(event).await().atMost(SEND_TIMEOUT);
            return true;
        }
        deadLetter(event, item.source(), item.violation());
        return false;
    }

    /** The dead letter carries the same reason headers as the runtime's Kafka binding writes ({@link DeadLetter}). */
    private void deadLetter(CloudEventEnvelope event, String source, String reason) {
        String function = application + "/" + FUNCTION;
        LOG.warnf("dead-lettering news item %s of %s: %s", event.id(), source, reason);
        DeadLetter deadLetter = new DeadLetter(function, 400, reason, 0, "news-source/" + source);
        if (binding.enabled()) {
            Map<String, String> headers = deadLetter.headersOn(BinaryMode.KAFKA, BinaryMode.KAFKA.headers(event));
            sink.toKafka(binding.deadLetterTopic(), event.partitionKey(), headers, event.data()).await().atMost(SEND_TIMEOUT);
            return;
        }
        Optional<URI> target = config.news().deadLetterUrl();
        if (target.isEmpty()) {
            LOG.errorf("no dead-letter destination (tickcast.ingest.news.dead-letter-url): news item %s of %s dropped: %s",
                    event.id(), source, reason);
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target.get()).timeout(SEND_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.data()));
        deadLetter.headersOn(BinaryMode.HTTP, BinaryMode.HTTP.headers(event)).forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("dead-letter sink " + target.get() + " answered " + response.statusCode());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("dead-letter sink " + target.get() + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + event.id(), e);
        }
    }
}
