package dev.tickcast.aggregate.function;

import static dev.tickcast.aggregate.function.AggregateFunctionTest.EVENTS_TIMEOUT;
import static dev.tickcast.aggregate.function.AggregateFunctionTest.createBatch;
import static dev.tickcast.aggregate.function.AggregateTestSupport.candleRecords;
import static dev.tickcast.aggregate.function.AggregateTestSupport.tradesEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.MalformedEvents;
import dev.tickcast.runtime.testing.MalformedEvents.Case;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The runtime's corpus of malformed trades.v1 events against the real aggregate, with its database: each one a 4xx
 * over HTTP (never a 5xx), exactly one dead letter on Kafka (aggregate is also the group that dead-letters records no
 * function handles), and aggregate still turns the next valid batch into candles.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class AggregateMalformedEventsTest {

    @Test
    void overHttpEachMalformedEventGetsItsFourHundredAndAValidBatchIsStillAggregated() {
        assertThat(MalformedEvents.notRefusedOverHttp())
                .as("cases not refused with their 4xx and a body naming field and rule").isEmpty();

        CloudEventEnvelope valid = tradesEvent(createBatch("CORPUSHTTP/USD"));
        given().headers(BinaryMode.HTTP.headers(valid)).body(valid.data()).post("/").then().statusCode(204);
    }

    @Test
    void onKafkaEachMalformedEventIsDeadLetteredExactlyOnceAndAValidBatchIsStillAggregated() {
        String run = UUID.randomUUID().toString();
        List<Case> cases = MalformedEvents.forKafka();
        CloudEventEnvelope valid = tradesEvent(createBatch("CORPUS/USD"));
        try (BrokerClient broker = new BrokerClient()) {
            MalformedEvents.publish(broker, cases, valid.partitionKey(), run);
            broker.publish(valid);

            assertThat(candleRecords(broker, "CORPUS/USD", 3, EVENTS_TIMEOUT)).as("candles of the valid batch").hasSize(3);
            assertThat(MalformedEvents.notDeadLetteredOnce(broker, cases, run))
                    .as("cases not dead-lettered exactly once, at once, as invalid").isEmpty();
        }
    }
}
