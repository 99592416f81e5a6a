package dev.tickcast.runtime;

import static dev.tickcast.runtime.BindingsTestSupport.TRACEPARENT;
import static dev.tickcast.runtime.BindingsTestSupport.tradesEvent;
import static dev.tickcast.runtime.BindingsTestSupport.tree;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class BothBindingsTest {

    @Test
    void theSameEventOverHttpAndOverKafkaGivesTheSameReply() {
        CloudEventEnvelope event = tradesEvent();

        Response http = given().headers(BinaryMode.HTTP.headers(event)).body(event.data()).post("/");
        assertThat(http.statusCode()).isEqualTo(200);
        Map<String, String> httpReply = new TreeMap<>();
        http.headers().asList().stream().filter(h -> h.getName().toLowerCase().startsWith("ce-"))
                .forEach(h -> httpReply.put(h.getName().toLowerCase().substring(3), h.getValue()));

        String replyId = EventIds.reply("runtime-test", event.id());
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(event);
            ConsumerRecord<String, byte[]> record = broker
                    .find(Topics.BROKER, BrokerClient.header("ce_id", replyId), Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("no reply " + replyId + " on the broker topic"));
            Map<String, String> kafkaReply = new TreeMap<>();
            BrokerClient.headers(record).forEach((name, value) -> {
                if (name.startsWith("ce_")) {
                    kafkaReply.put(name.substring(3), value);
                }
            });

            assertThat(httpReply).containsEntry("id", replyId)
                    .containsEntry("type", EventTypes.CANDLE)
                    .containsEntry("source", "one-minute-candle")
                    .containsEntry("subject", "BTC/USD")
                    .containsEntry("partitionkey", "BTC/USD")
                    .containsEntry("time", "2013-11-25T10:16:00Z");
            // each binding's reply continues the event's trace from the span that handled it there
            String traceId = TRACEPARENT.split("-")[1];
            assertThat(httpReply.remove("traceparent")).startsWith("00-" + traceId + "-").isNotEqualTo(TRACEPARENT);
            assertThat(kafkaReply.remove("traceparent")).startsWith("00-" + traceId + "-").isNotEqualTo(TRACEPARENT);
            assertThat(kafkaReply).isEqualTo(httpReply);
            assertThat(record.key()).isEqualTo("BTC/USD");
            assertThat(BrokerClient.headers(record)).containsEntry("content-type", "application/json");
            assertThat(tree(record.value())).isEqualTo(tree(http.body().asByteArray()));
            assertThat(tree(record.value()).get("volume").asText()).isEqualTo("1.51000001");
            assertThat(tree(record.value()).get("high").asText()).isEqualTo("805.123456789012345678");
        }
    }

    @Test
    void theTraceOfAPlainW3cHeaderIsContinuedByTheReply() {
        CloudEventEnvelope event = tradesEvent();
        Map<String, String> headers = new TreeMap<>(BinaryMode.HTTP.headers(event));
        headers.remove("ce-traceparent");
        headers.put("traceparent", "00-11111111111111111111111111111111-2222222222222222-01");

        given().headers(headers).body(event.data()).post("/")
                .then().statusCode(200)
                .header("ce-traceparent", org.hamcrest.Matchers.matchesPattern(
                        "00-11111111111111111111111111111111-(?!2222222222222222)[0-9a-f]{16}-01"));
    }

    @Test
    void eventsBeyondTheReplyGoToTheBrokerTopicInOrderKeyedByPair() throws Exception {
        CloudEventEnvelope news = CloudEventEnvelope.json("news-" + java.util.UUID.randomUUID(), "/test", EventTypes.NEWS,
                null, null, null, dev.tickcast.contracts.json.Json.mapper().writeValueAsBytes(
                        new dev.tickcast.contracts.news.NewsItem("n-2", "test", "https://example.org/b", "BTC and ETH slide",
                                null, java.time.Instant.parse("2026-11-21T10:00:00Z"), java.util.List.of("BTC", "ETH"))));
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(news);

            java.util.List<ConsumerRecord<String, byte[]>> out = broker.findAll(Topics.BROKER,
                    BrokerClient.header("ce_id", EventIds.derive("fan-out", news.id(), "BTC"))
                            .or(BrokerClient.header("ce_id", EventIds.derive("fan-out", news.id(), "ETH"))),
                    2, Duration.ofSeconds(30));

            assertThat(out).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("BTC/USD", "ETH/USD");
            assertThat(out).allSatisfy(r -> assertThat(BrokerClient.headers(r)).containsEntry("ce_type", EventTypes.SENTIMENT));
        }
    }
}
