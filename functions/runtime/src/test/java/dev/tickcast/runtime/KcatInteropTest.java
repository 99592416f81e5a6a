package dev.tickcast.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.EventFixtures;
import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import dev.tickcast.stack.EmbeddedStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Interoperability with a Kafka client we did not write: Debian's kcat produces binary CloudEvents the way the
 * Kafka protocol binding describes them, and reads our replies back. CI installs kcat; without it the test fails
 * rather than passing silently.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class KcatInteropTest {
    private static String kcat;

    @BeforeAll
    static void findKcat() {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            File candidate = new File(dir, "kcat");
            if (candidate.canExecute()) {
                kcat = candidate.getPath();
                return;
            }
        }
        throw new AssertionError("kcat is not installed (apt-get install kcat); .ci/run installs it");
    }

    @Test
    void anEventProducedByKcatIsAnsweredAndTheReplyReadsBackInKcat() throws Exception {
        String id = "kcat-" + UUID.randomUUID();
        byte[] payload = Json.mapper().writeValueAsBytes(EventFixtures.createTradesBatch());

        produceWithKcat(id, payload);

        String replyId = EventIds.reply("runtime-test", id);
        try (BrokerClient broker = new BrokerClient()) {
            assertThat(broker.find(Topics.BROKER, BrokerClient.header("ce_id", replyId), Duration.ofSeconds(30)))
                    .as("reply to the kcat event").isPresent();
        }
        JsonNode reply = consumeWithKcat(Topics.BROKER, replyId);
        assertThat(reply.get("key").asText()).isEqualTo("BTC/USD");
        assertThat(headerValue(reply, "ce_type")).isEqualTo(EventTypes.CANDLE);
        JsonNode candle = Json.mapper().readTree(reply.get("payload").asText());
        assertThat(candle.get("tradeCount").asInt()).isEqualTo(3);
        assertThat(candle.get("close").asText()).isEqualTo("804.99");
    }

    @Test
    void anInvalidEventFromKcatLandsInTheDeadLetterTopicWithItsReason() throws Exception {
        String id = "kcat-bad-" + UUID.randomUUID();
        byte[] payload = "{\"pair\":\"BTC/USD\",\"source\":\"kcat\",\"trades\":[{\"id\":\"1\",\"time\":\"yesterday\",\"price\":\"1\",\"quantity\":\"1\"}]}"
                .getBytes(StandardCharsets.UTF_8);

        produceWithKcat(id, payload);

        JsonNode dead = consumeWithKcat(Topics.DEAD_LETTER, id);
        assertThat(headerValue(dead, "dead-letter-reason")).startsWith("invalid dev.tickcast.trades.v1: trades[0].time [format]");
        // and the function still answers the next one
        String next = "kcat-next-" + UUID.randomUUID();
        produceWithKcat(next, Json.mapper().writeValueAsBytes(EventFixtures.createTradesBatch()));
        assertThat(consumeWithKcat(Topics.BROKER, EventIds.reply("runtime-test", next))).isNotNull();
    }

    private static void produceWithKcat(String id, byte[] payload) throws Exception {
        List<String> command = new ArrayList<>(List.of(kcat, "-P", "-b", bootstrap(), "-t", Topics.BROKER,
                "-k", "BTC/USD",
                "-H", "ce_specversion=1.0", "-H", "ce_id=" + id, "-H", "ce_source=kcat",
                "-H", "ce_type=" + EventTypes.TRADES, "-H", "ce_subject=BTC/USD", "-H", "ce_partitionkey=BTC/USD",
                "-H", "content-type=application/json"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(payload);
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }

    /** kcat's JSON envelope (-J) of the record whose header {@code ce_id} is {@code id}. */
    private static JsonNode consumeWithKcat(String topic, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Process process = new ProcessBuilder(kcat, "-C", "-b", bootstrap(), "-t", topic, "-o", "beginning", "-e",
                    "-J", "-q").start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            for (String line : out.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = Json.mapper().readTree(line);
                if (id.equals(headerValue(record, "ce_id"))) {
                    return record;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("kcat found no record with ce_id " + id + " on " + topic);
    }

    /** kcat -J writes headers as a flat array: name, value, name, value… */
    private static String headerValue(JsonNode record, String name) {
        JsonNode headers = record.get("headers");
        for (int i = 0; headers != null && i + 1 < headers.size(); i += 2) {
            if (headers.get(i).asText().equals(name)) {
                return headers.get(i + 1).asText();
            }
        }
        return null;
    }

    private static String bootstrap() {
        return EmbeddedStack.shared().kafkaBootstrapServers();
    }
}
