package dev.tickcast.runtime;

import static dev.tickcast.runtime.BindingsTestSupport.batchFrom;
import static dev.tickcast.runtime.BindingsTestSupport.tradesEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.runtime.fixture.OneMinuteCandleFunction;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An infrastructure failure is never the event's fault: on Kafka the binding holds the event back and retries it,
 * past {@code max-attempts}, for as long as PostgreSQL refuses, says so in readiness and a gauge, and dead-letters
 * nothing; over HTTP the answer is 503, which Knative retries. An attempt that hangs is abandoned at the deadline and
 * retried; one that always hangs is dead-lettered after its attempts instead of blocking the partition.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class InfrastructureFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** tickcast.kafka-binding.max-attempts of the test application. */
    private static final int MAX_ATTEMPTS = 3;

    @Inject
    InMemoryMetricExporter metrics;

    @Inject
    OpenTelemetry openTelemetry;

    @AfterEach
    void postgresBack() {
        OneMinuteCandleFunction.POSTGRES_DOWN = false;
    }

    @Test
    void onKafkaAPostgresOutageIsWaitedOutNothingDeadLetteredAndReadinessAndAGaugeSaySo() {
        OneMinuteCandleFunction.POSTGRES_DOWN = true;
        CloudEventEnvelope event = tradesEvent(batchFrom("postgres-down"));
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(event);

            // retried well past max-attempts: an outage does not use up the event's attempts
            await().until(() -> attempts(event) > 2 * MAX_ATTEMPTS);
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'kafka-binding' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'kafka-binding' }.data.PostgreSQL", containsString("waiting for PostgreSQL"));
            assertThat(waitingFor("PostgreSQL")).as("tickcast.dependency.waiting{dependency=PostgreSQL}").isEqualTo(1.0);
            assertThat(broker.find(Topics.DEAD_LETTER, BrokerClient.header("ce_id", event.id()), Duration.ofSeconds(1)))
                    .as("dead letter during the outage").isEmpty();

            OneMinuteCandleFunction.POSTGRES_DOWN = false;
            assertThat(broker.find(Topics.BROKER, BrokerClient.header("ce_id", EventIds.reply("runtime-test", event.id())), WAIT))
                    .as("the reply once PostgreSQL is back").isPresent();
            await().untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
            assertThat(waitingFor("PostgreSQL")).isEqualTo(0.0);
            assertThat(broker.find(Topics.DEAD_LETTER, BrokerClient.header("ce_id", event.id()), Duration.ofSeconds(1)))
                    .as("dead letter after the outage").isEmpty();
        }
    }

    @Test
    void overHttpAPostgresOutageIs503SoKnativeRetriesAndTheRetryAfterItSucceeds() {
        OneMinuteCandleFunction.POSTGRES_DOWN = true;
        CloudEventEnvelope event = tradesEvent(batchFrom("postgres-down"));

        given().headers(BinaryMode.HTTP.headers(event)).body(event.data()).post("/")
                .then().statusCode(503)
                .body("dependency", equalTo("PostgreSQL"))
                .body("error", containsString("waiting for PostgreSQL"));

        OneMinuteCandleFunction.POSTGRES_DOWN = false;
        given().headers(BinaryMode.HTTP.headers(event)).body(event.data()).post("/")
                .then().statusCode(200).header("ce-type", EventTypes.CANDLE);
    }

    @Test
    void anAttemptThatHangsIsAbandonedAtTheDeadlineAndRetried() {
        CloudEventEnvelope event = tradesEvent(batchFrom("hang-once"));
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(event);

            assertThat(broker.find(Topics.BROKER, BrokerClient.header("ce_id", EventIds.reply("runtime-test", event.id())), WAIT))
                    .isPresent();
            assertThat(attempts(event)).isEqualTo(2);
            assertThat(broker.find(Topics.DEAD_LETTER, BrokerClient.header("ce_id", event.id()), Duration.ofSeconds(1)))
                    .isEmpty();
        }
    }

    @Test
    void anEventThatAlwaysHangsIsDeadLetteredAfterItsAttemptsAndTheNextOneIsHandled() {
        CloudEventEnvelope hanging = tradesEvent(batchFrom("hang-always"));
        CloudEventEnvelope next = tradesEvent();
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(hanging);
            broker.publish(next);

            var dead = broker.find(Topics.DEAD_LETTER, BrokerClient.header("ce_id", hanging.id()), WAIT)
                    .orElseThrow(() -> new AssertionError("the hanging event was not dead-lettered"));
            assertThat(BrokerClient.headers(dead)).containsEntry("ce_knativeerrorcode", "500")
                    .containsEntry("dead-letter-attempts", Integer.toString(MAX_ATTEMPTS));
            assertThat(BrokerClient.headers(dead).get("dead-letter-reason")).contains("tickcast.kafka-binding.event-deadline");
            assertThat(broker.find(Topics.BROKER, BrokerClient.header("ce_id", EventIds.reply("runtime-test", next.id())), WAIT))
                    .as("the event after the hanging one").isPresent();
        }
    }

    private static int attempts(CloudEventEnvelope event) {
        AtomicInteger attempts = OneMinuteCandleFunction.ATTEMPTS.get(event.id());
        return attempts == null ? 0 : attempts.get();
    }

    private double waitingFor(String dependency) {
        metrics.reset();
        ((OpenTelemetrySdk) openTelemetry).getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);
        for (MetricData data : metrics.getFinishedMetricItems()) {
            if (data.getName().equals("tickcast.dependency.waiting")) {
                for (DoublePointData point : data.getDoubleGaugeData().getPoints()) {
                    if (dependency.equals(point.getAttributes().get(AttributeKey.stringKey("dependency")))) {
                        return point.getValue();
                    }
                }
            }
        }
        return Double.NaN;
    }

    private static org.awaitility.core.ConditionFactory await() {
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100));
    }
}
