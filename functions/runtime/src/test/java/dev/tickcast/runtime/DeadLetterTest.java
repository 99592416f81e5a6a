package dev.tickcast.runtime;

import static dev.tickcast.runtime.BindingsTestSupport.batchFrom;
import static dev.tickcast.runtime.BindingsTestSupport.tradesEvent;
import static dev.tickcast.runtime.BindingsTestSupport.utf8;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.EventFixtures;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.runtime.fixture.OneMinuteCandleFunction;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class DeadLetterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    static byte[] batchWithBadPrice() {
        ObjectNode batch = Json.mapper().valueToTree(EventFixtures.createTradesBatch());
        ((ObjectNode) batch.get("trades").get(1)).put("price", "12,5");
        return batch.toString().getBytes();
    }

    @Test
    void anInvalidEventIsDeadLetteredAtOnceWithItsReasonAndTheFunctionGoesOn() {
        CloudEventEnvelope invalid = withData(tradesEvent(), batchWithBadPrice());
        CloudEventEnvelope valid = tradesEvent();
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(invalid);
            broker.publish(valid);

            ConsumerRecord<String, byte[]> dead = broker.find(Topics.DEAD_LETTER, BrokerClient.header("ce_id", invalid.id()), WAIT)
                    .orElseThrow(() -> new AssertionError("invalid event not dead-lettered"));
            Map<String, String> headers = BrokerClient.headers(dead);
            assertThat(headers.get("dead-letter-reason")).startsWith("invalid dev.tickcast.trades.v1: trades[1].price [pattern]")
                    .contains("\"12,5\"");
            assertThat(headers).containsEntry("ce_knativeerrorcode", "400").containsEntry("dead-letter-attempts", "0")
                    .containsEntry("ce_type", invalid.type()).containsEntry("dead-letter-function", "runtime-test/one-minute-candle");
            assertThat(dead.key()).isEqualTo("BTC/USD");
            assertThat(utf8(dead.value())).isEqualTo(utf8(invalid.data()));

            assertThat(broker.find(Topics.BROKER, BrokerClient.header("ce_id", EventIds.reply("runtime-test", valid.id())), WAIT))
                    .as("the event after the invalid one is still answered").isPresent();
            assertThat(broker.find(Topics.BROKER, BrokerClient.header("ce_id", EventIds.reply("runtime-test", invalid.id())),
                    Duration.ofSeconds(1))).as("no reply to the invalid event").isEmpty();
        }
    }

    @Test
    void aRecordThatIsNotACloudEventIsDeadLettered() {
        try (BrokerClient broker = new BrokerClient()) {
            String marker = "not-a-cloudevent-" + System.nanoTime();
            broker.publish(Topics.BROKER, "BTC/USD", Map.of("marker", marker), "{}".getBytes());

            ConsumerRecord<String, byte[]> dead = broker.find(Topics.DEAD_LETTER, BrokerClient.header("marker", marker), WAIT)
                    .orElseThrow(() -> new AssertionError("not dead-lettered"));
            assertThat(BrokerClient.headers(dead)).containsEntry("dead-letter-reason",
                    "ce_type: required CloudEvents attribute is missing");
        }
    }

    @Test
    void aFunctionThatKeepsFailingIsRetriedThenDeadLettered() {
        CloudEventEnvelope failing = tradesEvent(batchFrom("fail-always"));
        CloudEventEnvelope recovering = tradesEvent(batchFrom("fail-twice"));
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(failing);
            broker.publish(recovering);

            ConsumerRecord<String, byte[]> dead = broker.find(Topics.DEAD_LETTER, BrokerClient.header("ce_id", failing.id()), WAIT)
                    .orElseThrow(() -> new AssertionError("failing event not dead-lettered"));
            assertThat(BrokerClient.headers(dead)).containsEntry("ce_knativeerrorcode", "500")
                    .containsEntry("dead-letter-attempts", "3")
                    .containsEntry("dead-letter-reason", "IllegalStateException: simulated outage, attempt 3");
            assertThat(OneMinuteCandleFunction.ATTEMPTS.get(failing.id())).hasValue(3);

            assertThat(broker.find(Topics.BROKER, BrokerClient.header("ce_id", EventIds.reply("runtime-test", recovering.id())), WAIT))
                    .as("a brief outage is ridden out by the retries").isPresent();
            assertThat(OneMinuteCandleFunction.ATTEMPTS.get(recovering.id())).hasValue(3);
            assertThat(broker.find(Topics.DEAD_LETTER, BrokerClient.header("ce_id", recovering.id()), Duration.ofSeconds(1)))
                    .isEmpty();
        }
    }

    @Test
    void overHttpAnInvalidEventGetsA400NamingTheFieldAndTheRule() {
        CloudEventEnvelope invalid = withData(tradesEvent(), batchWithBadPrice());

        given().headers(dev.tickcast.contracts.cloudevents.BinaryMode.HTTP.headers(invalid)).body(invalid.data()).post("/")
                .then().statusCode(400)
                .body("type", equalTo("dev.tickcast.trades.v1"))
                .body("violations[0].field", equalTo("trades[1].price"))
                .body("violations[0].rule", equalTo("pattern"))
                .body("error", containsString("exact positive decimal"));
    }

    private static CloudEventEnvelope withData(CloudEventEnvelope event, byte[] data) {
        return new CloudEventEnvelope(event.id(), event.source(), event.type(), event.specVersion(), event.subject(),
                event.time(), event.dataContentType(), event.extensions(), data);
    }

    @Test
    void overHttpAnEventWithoutDataGetsA400() {
        CloudEventEnvelope event = tradesEvent();

        given().headers(dev.tickcast.contracts.cloudevents.BinaryMode.HTTP.headers(event)).post("/")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("data"))
                .body("violations[0].rule", equalTo("required"))
                .body("error", equalTo("invalid dev.tickcast.trades.v1: data [required]: the dev.tickcast.trades.v1 event has no data"));
    }
}
