package dev.tickcast.runtime;

import static dev.tickcast.runtime.BindingsTestSupport.tradesEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

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

/**
 * Every event of the {@link MalformedEvents} corpus is invalid, whatever way it is broken: over HTTP it gets the
 * 4xx of its rule (never a 5xx) with a body that names the field and the rule; on Kafka it is dead-lettered exactly
 * once, with code 400, at once (no retries); and the function answers a valid event after all of them. Aggregate's
 * {@code AggregateMalformedEventsTest} sends the same corpus to a real function.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class MalformedEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

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
        assertThat(MalformedEvents.notRefusedOverHttp())
                .as("cases not refused with their 4xx and a body naming field and rule").isEmpty();

        CloudEventEnvelope valid = tradesEvent();
        given().headers(BinaryMode.HTTP.headers(valid)).body(valid.data()).post("/")
                .then().statusCode(200).header("ce-type", EventTypes.CANDLE);
    }

    @Test
    void onKafkaEachIsDeadLetteredExactlyOnceAtOnceAndTheFunctionStillAnswers() {
        String run = UUID.randomUUID().toString();
        List<Case> cases = MalformedEvents.forKafka();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        CloudEventEnvelope valid = tradesEvent();
        try (BrokerClient broker = new BrokerClient()) {
            MalformedEvents.publish(broker, cases, valid.partitionKey(), run);
            broker.publish(valid);

            assertThat(broker.find(Topics.BROKER, BrokerClient.header("ce_id", EventIds.reply("runtime-test", valid.id())), WAIT))
                    .as("the reply to the valid event after the corpus").isPresent();
            // the dead letters were stored before the valid event was taken; more than one per case would be there too
            assertThat(MalformedEvents.notDeadLetteredOnce(broker, cases, run))
                    .as("cases not dead-lettered exactly once, at once, as invalid").isEmpty();
        }
    }
}
