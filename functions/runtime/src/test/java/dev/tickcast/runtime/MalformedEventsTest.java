package dev.tickcast.runtime;

import static dev.tickcast.runtime.BindingsTestSupport.tradesEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.MalformedEvents;
import dev.tickcast.runtime.testing.MalformedEvents.Case;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

/**
 * Every event of the {@link MalformedEvents} corpus is invalid, whatever way it is broken: over HTTP it gets the
 * 4xx of its rule (never a 5xx) with a body that names the field and the rule; on Kafka it is dead-lettered exactly
 * once, with code 400, at once (no retries); and the function answers a valid event after all of them.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class MalformedEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The producer's own limit (max.request.size, 1 MiB): larger records never reach the broker, let alone a function. */
    private static final int KAFKA_RECORD_LIMIT = 1_000_000;
    /** Send Content-Type exactly as the case has it (RestAssured would append a charset to text types). */
    private static final RestAssuredConfig AS_IS = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    @Test
    void theCorpusHasAtLeastFortyEventsInEveryCategory() {
        Map<String, Long> byCategory = MalformedEvents.all().stream()
                .collect(Collectors.groupingBy(Case::category, TreeMap::new, Collectors.counting()));
        assertThat(byCategory.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(40);
        assertThat(byCategory).containsOnlyKeys("bytes", "encoding", "size", "nesting", "content type",
                "spec attributes", "contract", "future");
    }

    @Test
    void overHttpEachGetsItsFourHundredNamingTheRuleAndTheFunctionStillAnswers() {
        List<String> wrong = new ArrayList<>();
        for (Case event : MalformedEvents.all()) {
            Response response = given().config(AS_IS).headers(event.headers(BinaryMode.HTTP)).body(event.data()).post("/");
            String body = response.asString();
            if (response.statusCode() != event.status() || !body.contains("\"violations\"") || !body.contains("\"rule\"")) {
                wrong.add(event + ": " + response.statusCode() + " " + abbreviate(body));
            }
        }
        assertThat(wrong).as("cases not refused with their 4xx and a body naming field and rule").isEmpty();

        CloudEventEnvelope valid = tradesEvent();
        given().headers(BinaryMode.HTTP.headers(valid)).body(valid.data()).post("/")
                .then().statusCode(200).header("ce-type", EventTypes.CANDLE);
    }

    @Test
    void onKafkaEachIsDeadLetteredExactlyOnceAtOnceAndTheFunctionStillAnswers() {
        String run = UUID.randomUUID().toString();
        List<Case> cases = MalformedEvents.all().stream().filter(c -> c.data().length < KAFKA_RECORD_LIMIT).toList();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        CloudEventEnvelope valid = tradesEvent();
        try (BrokerClient broker = new BrokerClient()) {
            for (Case event : cases) {
                Map<String, String> headers = new LinkedHashMap<>(event.headers(BinaryMode.KAFKA));
                headers.put("corpus-run", run);
                headers.put("corpus-case", event.name());
                // one key, one partition: the valid event is handled after every case
                broker.publish(Topics.BROKER, valid.partitionKey(), headers, event.data());
            }
            broker.publish(valid);

            assertThat(broker.find(Topics.BROKER, BrokerClient.header("ce_id", EventIds.reply("runtime-test", valid.id())), WAIT))
                    .as("the reply to the valid event after the corpus").isPresent();
            // the dead letters were stored before the valid event was taken; more than one per case would be there too
            List<ConsumerRecord<String, byte[]>> dead = broker.findAll(Topics.DEAD_LETTER,
                    BrokerClient.header("corpus-run", run), cases.size() + 1, Duration.ofSeconds(5));
            Map<String, List<Map<String, String>>> byCase = dead.stream().map(BrokerClient::headers)
                    .collect(Collectors.groupingBy(h -> h.get("corpus-case")));
            List<String> wrong = new ArrayList<>();
            for (Case event : cases) {
                List<Map<String, String>> letters = byCase.getOrDefault(event.name(), List.of());
                if (letters.size() != 1) {
                    wrong.add(event + ": " + letters.size() + " dead letters");
                } else if (!"400".equals(letters.get(0).get("ce_knativeerrorcode"))
                        || !"0".equals(letters.get(0).get("dead-letter-attempts"))) {
                    wrong.add(event + ": code " + letters.get(0).get("ce_knativeerrorcode") + " after "
                            + letters.get(0).get("dead-letter-attempts") + " attempts: "
                            + letters.get(0).get("dead-letter-reason"));
                }
            }
            assertThat(wrong).as("cases not dead-lettered exactly once, at once, as invalid").isEmpty();
            assertThat(dead.stream().map(r -> BrokerClient.headers(r).get("corpus-case")).collect(
                    Collectors.toMap(Function.identity(), name -> 1, Integer::sum))).hasSameSizeAs(cases);
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 197) + "...";
    }
}
