package dev.tickcast.api.stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.contracts.model.SignalAction;
import dev.tickcast.contracts.model.TradingSignal;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class StreamTest {
    private static final Instant T = Instant.parse("2026-11-21T12:00:00Z");
    /** Only bounds a hang: every wait ends as soon as the expected message is there. */
    private static final Duration HANG = Duration.ofSeconds(60);

    @TestHTTPResource("/api/v1/stream")
    URI stream;

    @jakarta.inject.Inject
    StreamHub hub;

    /** A real WebSocket client (the JDK's) that queues the text messages it receives. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        /** The close code and reason the server sent. */
        final java.util.concurrent.CompletableFuture<String> closed = new java.util.concurrent.CompletableFuture<>();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(Json.mapper().readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        JsonNode next() throws InterruptedException {
            JsonNode message = messages.poll(HANG.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).as("a message within %s", HANG).isNotNull();
            return message;
        }

        /** Messages up to and including the first of this type and id-bearing data field. */
        List<JsonNode> until(String type, String field, String value) throws InterruptedException {
            List<JsonNode> seen = new ArrayList<>();
            while (true) {
                JsonNode m = next();
                seen.add(m);
                if (m.path("type").asText().equals(type) && m.path("data").path(field).asText().equals(value)) {
                    return seen;
                }
            }
        }
    }

    private Client connect(String pair) throws InterruptedException {
        Client client = open(pair, null);
        JsonNode subscribed = client.next();
        assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
        assertThat(subscribed.path("pair").asText()).isEqualTo(pair.replace('-', '/'));
        return client;
    }

    /** A WebSocket from {@code from} (a loopback address; null: the default one), handshake done. */
    private Client open(String pair, String from) {
        Client client = new Client();
        URI uri = URI.create(stream.toString().replaceFirst("^http", "ws") + "?pair=" + pair);
        HttpClient.Builder http = HttpClient.newBuilder();
        if (from != null) {
            try {
                http.localAddress(java.net.InetAddress.getByName(from));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        client.socket = http.build().newWebSocketBuilder().buildAsync(uri, client).join();
        return client;
    }

    private static CloudEventEnvelope event(String type, String pair, Instant time, Object payload) throws Exception {
        return CloudEventEnvelope.json(UUID.randomUUID().toString(), "/test", type, pair,
                OffsetDateTime.ofInstant(time, ZoneOffset.UTC), null, Json.mapper().writeValueAsBytes(payload));
    }

    private static Prediction prediction(String pair, Instant t, String predicted) {
        return new Prediction(pair, t, t.plusSeconds(300), 5, new BigDecimal("800.5"), new BigDecimal(predicted),
                Math.log(Double.parseDouble(predicted) / 800.5), "v1");
    }

    @Test
    void pushesThePairsEventsFromKafkaAndNothingElse() throws Exception {
        Client ws = connect("WS-USD");
        Client other = connect("WSX-USD");
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(event(EventTypes.PREDICTION, "WSX/USD", T, prediction("WSX/USD", T, "1.5")));
            // breaks its contract (a number where an exact decimal string belongs): never forwarded
            byte[] invalid = Json.mapper().writeValueAsString(prediction("WS/USD", T, "799.25"))
                    .replace("\"799.25\"", "799.25").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            broker.publish(CloudEventEnvelope.json(UUID.randomUUID().toString(), "/test", EventTypes.PREDICTION, "WS/USD",
                    OffsetDateTime.ofInstant(T, ZoneOffset.UTC), null, invalid));
            // not a streamed type
            broker.publish(event(EventTypes.NEWS_POLL, "WS/USD", T, java.util.Map.of()));
            broker.publish(event(EventTypes.CANDLE, "WS/USD", T, new Candle("WS/USD", T.minusSeconds(60), T,
                    new BigDecimal("800.5"), new BigDecimal("801"), new BigDecimal("800"), new BigDecimal("800.5"),
                    new BigDecimal("2.5"), new BigDecimal("800.4"), 7, false, 0)));
            broker.publish(event(EventTypes.PREDICTION, "WS/USD", T, prediction("WS/USD", T, "801.125")));
            broker.publish(event(EventTypes.SIGNAL, "WS/USD", T, new TradingSignal("WS/USD", T, SignalAction.BUY,
                    new BigDecimal("800.5"), 0.0008, 0.0005, "v1")));

            List<JsonNode> received = ws.until(EventTypes.SIGNAL, "action", "buy");
            assertThat(received).extracting(m -> m.path("type").asText())
                    .containsExactly(EventTypes.CANDLE, EventTypes.PREDICTION, EventTypes.SIGNAL);
            JsonNode prediction = received.get(1);
            assertThat(prediction.path("time").asText()).isEqualTo("2026-11-21T12:00:00Z");
            assertThat(prediction.path("data").path("predictedPrice").asText()).isEqualTo("801.125");
            assertThat(prediction.path("data").path("targetTime").asText()).isEqualTo("2026-11-21T12:05:00Z");
            assertThat(received.get(0).path("data").path("tradeCount").asInt()).isEqualTo(7);

            // the other pair's client got its own event: that record has been dispatched ...
            assertThat(other.until(EventTypes.PREDICTION, "pair", "WSX/USD")).hasSize(1);
            // ... so anything it wrongly sent to WS-USD would arrive before this one, on the same socket
            broker.publish(event(EventTypes.PREDICTION, "WS/USD", T.plusSeconds(60), prediction("WS/USD", T.plusSeconds(60), "802")));
            assertThat(ws.until(EventTypes.PREDICTION, "predictedPrice", "802")).hasSize(1);
        } finally {
            ws.socket.abort();
            other.socket.abort();
        }
    }

    @Test
    void aBadPairRefusesTheHandshakeWithTheReason() {
        for (String pair : new String[] { "XRP-USD", "btc-usd", "BTC-USD'%20OR%201=1--" }) {
            URI uri = URI.create(stream.toString().replaceFirst("^http", "ws") + "?pair=" + pair);
            assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new Client()).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(400));
        }
        // the same refusal as seen by any HTTP client: the body names the field and the rule
        given().get("/api/v1/stream?pair=XRP-USD").then().statusCode(400)
                .body("field", equalTo("pair")).body("rule", equalTo("allow-list")).body("error", containsString("BTC-USD"));
        given().urlEncodingEnabled(false).get("/api/v1/stream?pair=BTC-USD;pair=x").then().statusCode(400)
                .body("field", equalTo("query")).body("rule", equalTo("no-semicolon"));
        given().get("/api/v1/stream").then().statusCode(400).body("field", equalTo("pair")).body("rule", equalTo("required"));
        given().get("/api/v1/stream?pair=BTC-USD").then().statusCode(400).body("field", equalTo("Upgrade"));
    }

    @Test
    void connectionsOverTheLimitsAreClosedWithTheCodeAndTheReason() throws Exception {
        // test limits: 4 in all, 3 per client address; other tests' streams are gone once their sockets closed
        Awaitility.await().atMost(HANG).until(() -> hub.clients() == 0);
        List<Client> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(connect("WS-USD"));
            }
            Client fourthFromSameAddress = open("WS-USD", "127.0.0.1");
            assertThat(fourthFromSameAddress.closed.get(HANG.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("1008 at most 3 streams per client address (tickcast.api.stream.max-connections-per-client)");

            open.add(open("WS-USD", "127.0.0.2"));
            assertThat(open.get(3).next().path("type").asText()).isEqualTo("subscribed");
            Client fifth = open("WSX-USD", "127.0.0.3");
            assertThat(fifth.closed.get(HANG.toSeconds(), TimeUnit.SECONDS)).isEqualTo(
                    "1013 the server has its maximum of 4 streams open (tickcast.api.stream.max-connections): try again later");
            assertThat(hub.clients()).isEqualTo(4);

            // a stream that ends makes room again
            open.remove(0).socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            Awaitility.await().atMost(HANG).until(() -> hub.clients() == 3);
            open.add(connect("WS-USD"));
        } finally {
            open.forEach(c -> c.socket.abort());
        }
    }
}
