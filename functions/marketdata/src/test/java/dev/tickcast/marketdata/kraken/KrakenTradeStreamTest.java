package dev.tickcast.marketdata.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.market.Trade;

class KrakenTradeStreamTest {
    static final String DEFAULT_PAIR = "BTC/USD";
    static final Duration DEFAULT_STALE_AFTER = Duration.ofMillis(800);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    MockKrakenServer kraken;
    KrakenTradeStream stream;
    final List<Trade> delivered = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger deliveries = new AtomicInteger();

    @BeforeEach
    void startKraken() {
        kraken = MockKrakenServer.start(Duration.ofMillis(200));
        kraken.restPageSize(100);
    }

    @AfterEach
    void stop() {
        if (stream != null) {
            stream.close();
        }
        kraken.close();
    }

    KrakenTradeStream.Builder createStream() {
        return KrakenTradeStream.builder()
                .uri(kraken.wsUri())
                .rest(new KrakenRestClient(KrakenRestClientTest.createSettings(kraken).withRequestInterval(Duration.ofMillis(5))))
                .staleAfter(DEFAULT_STALE_AFTER)
                .connectTimeout(Duration.ofSeconds(2))
                .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400)));
    }

    Consumer<List<Trade>> collect() {
        return trades -> {
            deliveries.incrementAndGet();
            delivered.addAll(trades);
        };
    }

    @Test
    void subscribesWithASnapshotThenDeliversUpdatesAndStaysUpOnHeartbeats() throws Exception {
        List<Trade> before = kraken.trade(DEFAULT_PAIR, 60);
        stream = createStream().pair(DEFAULT_PAIR, collect()).build().start();

        await(() -> delivered.size() == MockKrakenServer.SNAPSHOT_SIZE && stream.isLive());
        JsonNode subscribe = KrakenWire.read(kraken.wsReceived().get(0));
        assertThat(subscribe.path("method").asText()).isEqualTo("subscribe");
        assertThat(subscribe.path("params").path("channel").asText()).isEqualTo("trade");
        assertThat(subscribe.path("params").path("symbol").toString()).isEqualTo("[\"BTC/USD\"]");
        assertThat(subscribe.path("params").path("snapshot").asBoolean()).isTrue();
        assertThat(delivered).isEqualTo(before.subList(10, 60));

        List<Trade> updates = kraken.trade(DEFAULT_PAIR, 7);
        await(() -> delivered.size() == 57);
        assertThat(delivered.subList(50, 57)).isEqualTo(updates);

        // no trades for more than twice staleAfter: heartbeats alone keep the connection
        Thread.sleep(DEFAULT_STALE_AFTER.multipliedBy(2).toMillis());
        assertThat(stream.connections()).isEqualTo(1);
        assertThat(kraken.wsConnections()).isEqualTo(1);
        assertThat(kraken.restRequests()).as("nothing to fill on a first connection").isZero();

        stream.close();
        await(() -> kraken.openConnections() == 0);
        kraken.trade(DEFAULT_PAIR, 3);
        Thread.sleep(200);
        assertThat(delivered).hasSize(57);
    }

    @Test
    void aKrakenDropMidStreamEndsWithZeroMissingTradeIds() throws Exception {
        kraken.trade(DEFAULT_PAIR, 20);
        kraken.restMinInterval(Duration.ofMillis(20));
        stream = createStream().pair(DEFAULT_PAIR, collect()).build().start();
        await(() -> stream.isLive() && delivered.size() == 20);

        AtomicBoolean trading = new AtomicBoolean(true);
        Thread market = new Thread(() -> {
            while (trading.get()) {
                kraken.trade(DEFAULT_PAIR, 1 + ThreadLocalRandom.current().nextInt(3));
                sleep(2);
            }
        }, "market");
        market.start();
        try {
            await(() -> delivered.size() > 200);
            // the network fails mid-stream and Kraken stays unreachable while trading goes on
            kraken.refuseConnections(true);
            kraken.dropConnections();
            int atDrop = kraken.trades(DEFAULT_PAIR).size();
            await(() -> kraken.trades(DEFAULT_PAIR).size() > atDrop + 400);
            assertThat(stream.isLive()).isFalse();
            String lastSeen = delivered.get(delivered.size() - 1).id();
            long lastSeenNanos = KrakenWire.nanos(delivered.get(delivered.size() - 1).time());
            int restBefore = kraken.restRequests();

            kraken.refuseConnections(false);
            await(() -> stream.isLive() && stream.connections() >= 2);
            await(() -> delivered.size() > atDrop + 600);

            // the first gap-fill request starts at the last trade seen (less the documented overlap)
            assertThat(kraken.restSince()).as("REST requests after the reconnect").hasSizeGreaterThan(restBefore);
            long firstSince = kraken.restSince().get(restBefore);
            assertThat(firstSince).isBetween(lastSeenNanos - KrakenTradeStream.GAP_FILL_OVERLAP.toNanos(), lastSeenNanos);
            assertThat(Long.parseLong(lastSeen)).isLessThan(Long.parseLong(delivered.get(delivered.size() - 1).id()));
        } finally {
            trading.set(false);
            market.join();
        }
        List<Trade> expected = kraken.trades(DEFAULT_PAIR);
        await(() -> delivered.size() >= expected.size());
        Thread.sleep(200);

        // every id the server traded, each once, in order, and identical whether it came by REST or WebSocket
        assertThat(delivered).extracting(Trade::id).doesNotHaveDuplicates();
        assertThat(delivered).isEqualTo(expected);
        assertThat(stream.gapFillPages()).as("the gap (> 400 trades, pages of 100) came from REST").isGreaterThanOrEqualTo(4);
    }

    @Test
    void silenceWithoutHeartbeatsCountsAsADeadConnection() throws Exception {
        kraken.trade(DEFAULT_PAIR, 5);
        stream = createStream().pair(DEFAULT_PAIR, collect()).build().start();
        await(() -> stream.isLive() && delivered.size() == 5);

        kraken.heartbeats(false);
        await(() -> stream.connections() >= 2);
        assertThat(kraken.wsConnections()).isGreaterThanOrEqualTo(2);
        kraken.heartbeats(true);
        await(() -> stream.isLive() && kraken.openConnections() == 1);
        int connections = stream.connections();

        List<Trade> after = kraken.trade(DEFAULT_PAIR, 4);
        await(() -> delivered.size() == 9);
        assertThat(delivered.subList(5, 9)).isEqualTo(after);
        Thread.sleep(DEFAULT_STALE_AFTER.multipliedBy(2).toMillis());
        assertThat(stream.connections()).as("heartbeats back: no more reconnects").isEqualTo(connections);
    }

    @Test
    void resumesAfterAStoredTradeByFillingFromRestFirst() throws Exception {
        List<Trade> history = kraken.trade(DEFAULT_PAIR, 450);
        Trade stored = history.get(99);
        stream = createStream().pair(DEFAULT_PAIR, stored.id(), stored.time(), collect()).build().start();

        await(() -> stream.isLive() && delivered.size() == 350);
        assertThat(delivered).isEqualTo(history.subList(100, 450));
        assertThat(stream.gapFillPages()).isBetween(4, 5);
    }

    @Test
    void tradesAListenerFailedOnAreDeliveredAgain() throws Exception {
        kraken.trade(DEFAULT_PAIR, 10);
        AtomicBoolean failOnce = new AtomicBoolean(false);
        stream = createStream().pair(DEFAULT_PAIR, trades -> {
            if (failOnce.compareAndSet(true, false)) {
                throw new IllegalStateException("publishing failed");
            }
            delivered.addAll(trades);
        }).build().start();
        await(() -> stream.isLive() && delivered.size() == 10);

        failOnce.set(true);
        kraken.trade(DEFAULT_PAIR, 5);
        await(() -> stream.connections() >= 2 && stream.isLive() && delivered.size() == 15);
        kraken.trade(DEFAULT_PAIR, 5);
        await(() -> delivered.size() == 20);

        assertThat(delivered).isEqualTo(kraken.trades(DEFAULT_PAIR));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + DEFAULT_TIMEOUT);
            }
            Thread.sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
