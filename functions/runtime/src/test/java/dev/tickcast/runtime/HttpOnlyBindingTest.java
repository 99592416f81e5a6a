package dev.tickcast.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.tickcast.contracts.EventFixtures;
import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The function as the cluster runs it: Kafka binding off, Knative delivering over HTTP, and events that are not
 * the reply POSTed to the broker ingress (K_SINK), here a local receiver.
 */
@QuarkusTest
@TestProfile(HttpOnlyBindingTest.KnativeMode.class)
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class HttpOnlyBindingTest {
    static final int INGRESS_PORT = freePort();
    static final List<Map<String, String>> RECEIVED = new CopyOnWriteArrayList<>();
    static HttpServer ingress;

    public static class KnativeMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tickcast.kafka-binding.enabled", "false",
                    "tickcast.sink.url", "http://localhost:" + INGRESS_PORT + "/tickcast/default");
        }
    }

    @BeforeAll
    static void startIngress() throws IOException {
        ingress = HttpServer.create(new InetSocketAddress("localhost", INGRESS_PORT), 0);
        ingress.createContext("/tickcast/default", exchange -> {
            Map<String, String> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            headers.put("body", new String(exchange.getRequestBody().readAllBytes()));
            RECEIVED.add(headers);
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        ingress.start();
    }

    @AfterAll
    static void stopIngress() {
        ingress.stop(0);
    }

    @Test
    void eventsBeyondTheReplyArePostedToTheBrokerIngressAndNothingTouchesKafka() throws Exception {
        CloudEventEnvelope news = CloudEventEnvelope.json("news-" + System.nanoTime(), "/test", EventTypes.NEWS, null,
                null, null, dev.tickcast.contracts.json.Json.mapper().writeValueAsBytes(
                        new dev.tickcast.contracts.news.NewsItem("n-1", "test", "https://example.org/a", "BTC and ETH rally",
                                null, java.time.Instant.parse("2026-11-21T10:00:00Z"), List.of("BTC", "ETH"))));

        given().headers(BinaryMode.HTTP.headers(news)).body(news.data()).post("/").then().statusCode(204);

        assertThat(RECEIVED).hasSize(2);
        assertThat(RECEIVED).extracting(h -> h.get("ce-type")).containsOnly(EventTypes.SENTIMENT);
        assertThat(RECEIVED).extracting(h -> h.get("ce-partitionkey")).containsExactly("BTC/USD", "ETH/USD");
        assertThat(RECEIVED.get(0).get("body")).contains("\"coin\":\"BTC\"");
        try (BrokerClient broker = new BrokerClient()) {
            assertThat(broker.find(Topics.BROKER, BrokerClient.header("ce_id", news.id()), Duration.ofSeconds(1)))
                    .as("nothing was consumed or produced through Kafka").isEmpty();
        }
    }

    @Test
    void theHttpBindingStillAnswersWithTheReply() {
        CloudEventEnvelope trades = BindingsTestSupport.tradesEvent(EventFixtures.createTradesBatch());

        given().headers(BinaryMode.HTTP.headers(trades)).body(trades.data()).post("/")
                .then().statusCode(200).header("ce-type", EventTypes.CANDLE).header("ce-partitionkey", "BTC/USD");
    }

    /** One port for both class loaders that load this class (JUnit's and Quarkus's): kept in a system property. */
    private static synchronized int freePort() {
        String known = System.getProperty("tickcast.test.ingress-port");
        if (known != null) {
            return Integer.parseInt(known);
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            System.setProperty("tickcast.test.ingress-port", Integer.toString(socket.getLocalPort()));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
