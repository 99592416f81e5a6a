package dev.tickcast.ingest.function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.ingest.FeedDocuments;
import dev.tickcast.ingest.MockNewsResource;
import dev.tickcast.ingest.MockNewsServer;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The poll-news function as both bindings reach it: a tick over HTTP (as the Knative broker POSTs the PingSource's
 * tick, data {@code {}}) and a tick on the broker topic (as ./tickcast up publishes it). Sources: the app's own
 * configuration, a CryptoPanic-style API and an RSS feed on a local server.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockNewsResource.class, scope = TestResourceScope.GLOBAL)
class NewsPollFunctionTest {
    MockNewsServer news;

    @Test
    void aTickOverHttpThenOneOnTheBrokerEmitEachNewItemOnce() {
        given().headers(BinaryMode.HTTP.headers(tick(null))).body("{}").post("/").then().statusCode(204);

        assertThat(titles(MockNewsResource.APP_CRYPTOPANIC, 1)).containsExactly("Bitcoin holds above 90k");
        assertThat(titles(MockNewsResource.APP_FEED, 1)).containsExactly("Ether upgrade ships");

        news.feed(MockNewsResource.APP_FEED, FeedDocuments.rss("App feed",
                FeedDocuments.rssItem("app-guid-2", "Stablecoin rules passed", "https://example.org/app/stablecoins",
                        "Sat, 21 Nov 2026 11:00:00 GMT", null),
                FeedDocuments.rssItem("app-guid-1", "Ether upgrade ships", "https://example.org/app/eth-upgrade",
                        "Fri, 20 Nov 2026 10:00:00 GMT", "<p>The <b>upgrade</b> is live.</p>")));
        CloudEventEnvelope tick = tick(("{\"requestedAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(tick);
        }

        assertThat(titles(MockNewsResource.APP_FEED, 2)).containsExactlyInAnyOrder("Ether upgrade ships", "Stablecoin rules passed");
        assertThat(titles(MockNewsResource.APP_CRYPTOPANIC, 1)).as("nothing new there").hasSize(1);
    }

    @Test
    void aTickThatBreaksItsContractGetsA400NamingTheField() {
        CloudEventEnvelope tick = tick(null);
        given().headers(BinaryMode.HTTP.headers(tick)).body("{\"requestedAt\":\"yesterday\"}").post("/")
                .then().statusCode(400)
                .body("type", equalTo(EventTypes.NEWS_POLL))
                .body("violations[0].field", equalTo("requestedAt"))
                .body("violations[0].rule", equalTo("format"))
                .body("error", containsString("\"yesterday\""));
    }

    private static CloudEventEnvelope tick(byte[] data) {
        return CloudEventEnvelope.json(UUID.randomUUID().toString(), "/tickcast/news-poll", EventTypes.NEWS_POLL, null,
                OffsetDateTime.now(ZoneOffset.UTC), null, data == null ? "{}".getBytes(StandardCharsets.UTF_8) : data);
    }

    /** Titles of a source's news.v1 events on the broker, once there are {@code expected} (or the wait is over). */
    private static List<String> titles(String source, int expected) {
        try (BrokerClient broker = new BrokerClient()) {
            List<ConsumerRecord<String, byte[]>> records = broker.findAll(Topics.BROKER,
                    BrokerClient.header("ce_source", "/tickcast/ingest/news/" + source), expected, Duration.ofSeconds(30));
            // and a moment more, so a duplicate would show
            records.addAll(broker.findAll(Topics.BROKER, BrokerClient.header("ce_source", "/tickcast/ingest/news/" + source)
                    .and(r -> records.stream().noneMatch(seen -> seen.offset() == r.offset() && seen.partition() == r.partition())),
                    Integer.MAX_VALUE, Duration.ofSeconds(2)));
            return records.stream().map(r -> {
                try {
                    JsonNode node = Json.mapper().readTree(r.value());
                    return node.get("title").asText();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }
}
