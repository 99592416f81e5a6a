package dev.tickcast.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.kraken.MockKrakenServer;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockKrakenResource.class, scope = TestResourceScope.GLOBAL)
class LiveTradesTest {
    MockKrakenServer kraken;

    @Test
    void liveTradesReachTheBrokerAsTradesEventsAndADropLosesNoTradeId() throws Exception {
        List<Trade> expected = new ArrayList<>(kraken.trades("ETH/USD"));
        awaitTradeIds(ids(expected));

        kraken.dropConnections();
        expected.addAll(kraken.trade("ETH/USD", 30));
        awaitTradeIds(ids(expected));
        assertThat(kraken.wsConnections()).as("reconnected after the drop").isGreaterThanOrEqualTo(2);
    }

    /** Waits until the trades.v1 events of ETH/USD on the broker topic carry exactly these trade ids, each once. */
    private static void awaitTradeIds(Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        List<String> seen = List.of();
        try (BrokerClient broker = new BrokerClient()) {
            while (System.nanoTime() < deadline) {
                List<ConsumerRecord<String, byte[]>> records = broker.findAll(Topics.BROKER,
                        BrokerClient.header("ce_type", EventTypes.TRADES).and(r -> "ETH/USD".equals(r.key())),
                        Integer.MAX_VALUE, Duration.ofSeconds(1));
                Set<String> eventIds = new HashSet<>();
                List<String> ids = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (eventIds.add(BrokerClient.headers(record).get("ce_id"))) { // a re-sent batch has its first id
                        JsonNode batch = Json.mapper().readTree(record.value());
                        batch.get("trades").forEach(t -> ids.add(t.get("id").asText()));
                        assertThat(BrokerClient.headers(record)).containsEntry("ce_source", "/tickcast/ingest/kraken-ws");
                    }
                }
                seen = ids;
                if (new HashSet<>(ids).equals(expected)) {
                    break;
                }
            }
        }
        assertThat(seen).as("every trade id once").doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(expected);
    }

    private static Set<String> ids(List<Trade> trades) {
        Set<String> ids = new HashSet<>();
        trades.forEach(t -> ids.add(t.id()));
        return ids;
    }
}
