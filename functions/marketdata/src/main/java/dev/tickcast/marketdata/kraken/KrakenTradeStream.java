package dev.tickcast.marketdata.kraken;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.kraken.KrakenRestClient.TradesPage;

/**
 * Live trades from Kraken's WebSocket v2 {@code trade} channel, with no trade id missing across disconnects.
 *
 * <p>One thread owns the connection. It subscribes to every configured pair (with a snapshot), treats any
 * message, heartbeats included, as a sign of life, and declares the connection dead after {@code staleAfter}
 * of silence, an abrupt close or an error. It then reconnects with exponential back-off and jitter.
 *
 * <p>On every (re)connect, once Kraken acknowledges a pair's subscription, trades arriving on the WebSocket are
 * held back while the gap since the last trade delivered is filled from REST {@code Trades}, page by page from
 * that trade's timestamp, until REST has nothing newer or reaches the trades held back. Because the
 * subscription is in place before the first REST request, every trade is in one of the two. A
 * {@link TradeDeduplicator} per pair then passes each Kraken trade id once and in order: REST pages, the
 * snapshot and updates overlap freely.
 *
 * <p>Each pair's listener is called on the stream's thread with trades in id order. If it throws, the trades
 * count as not delivered: the connection is dropped and the next one fills the gap from REST again
 * (at-least-once towards the listener, which therefore should be idempotent).
 */
public final class KrakenTradeStream implements AutoCloseable {
    public static final URI DEFAULT_URI = URI.create("wss://ws.kraken.com/v2");

    /**
     * How far before the last trade's timestamp a gap fill starts. WebSocket v2 timestamps have microsecond
     * precision while REST times go finer, so starting exactly at a WebSocket timestamp could skip a trade of the
     * same microsecond; the overlap costs a few repeated trades that the deduplicator drops.
     */
    static final Duration GAP_FILL_OVERLAP = Duration.ofMillis(1);

    private static final System.Logger LOG = System.getLogger(KrakenTradeStream.class.getName());

    private final URI uri;
    private final KrakenRestClient rest;
    private final Duration staleAfter;
    private final Duration connectTimeout;
    private final Backoff backoff;
    private final Map<String, PairState> pairs;
    private final HttpClient http;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger gapFillPages = new AtomicInteger();

    private volatile boolean closed;
    private volatile boolean live;
    private volatile WebSocket current;
    private volatile Thread thread;
    private boolean sessionWasLive;
    private String systemStatus;

    private KrakenTradeStream(Builder builder) {
        this.uri = builder.uri;
        this.rest = Objects.requireNonNull(builder.rest, "rest: a KrakenRestClient fills the gaps");
        this.staleAfter = builder.staleAfter;
        this.connectTimeout = builder.connectTimeout;
        this.backoff = builder.backoff;
        this.pairs = new LinkedHashMap<>(builder.pairs);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("pairs: subscribe to at least one pair");
        }
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Connects in the background; trades reach the listeners from then on until {@link #close()}. */
    public synchronized KrakenTradeStream start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        Thread t = new Thread(this::run, "kraken-trade-stream");
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    /** Connections made so far (1 after the first connect; each reconnect adds one). */
    public int connections() {
        return connections.get();
    }

    /** REST pages fetched to fill gaps, over all connections. */
    public int gapFillPages() {
        return gapFillPages.get();
    }

    /** Connected, subscribed to every pair, gaps filled: trades now flow straight from the WebSocket. */
    public boolean isLive() {
        return live;
    }

    @Override
    public void close() {
        closed = true;
        WebSocket ws = current;
        if (ws != null) {
            ws.abort();
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.shutdownNow();
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            sessionWasLive = false;
            try {
                session();
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (ConnectionLost e) {
                LOG.log(System.Logger.Level.WARNING, "Kraken WebSocket {0}: {1}", uri, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Kraken WebSocket " + uri + ": session failed", e);
            }
            live = false;
            if (closed) {
                break;
            }
            // a connection that went live was healthy: start the back-off afresh
            failures = sessionWasLive ? 0 : failures + 1;
            Duration delay = backoff.delay(failures);
            LOG.log(System.Logger.Level.INFO, "Kraken WebSocket {0}: reconnecting in {1} ms", uri, Long.toString(delay.toMillis()));
            try {
                Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            }
        }
    }

    /** One connection, from connect to its end; returns only when closed, otherwise throws why it ended. */
    private void session() throws InterruptedException {
        BlockingQueue<Signal> inbox = new LinkedBlockingQueue<>();
        WebSocket ws;
        try {
            ws = http.newWebSocketBuilder()
                    .connectTimeout(connectTimeout)
                    .buildAsync(uri, new Inbox(inbox))
                    .get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConnectionLost("could not connect: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new ConnectionLost("could not connect within " + connectTimeout, e);
        }
        current = ws;
        try {
            if (closed) {
                return;
            }
            connections.incrementAndGet();
            pairs.values().forEach(PairState::newSession);
            send(ws, subscribeMessage());
            LOG.log(System.Logger.Level.INFO, "Kraken WebSocket {0}: connected, subscribing to trades of {1}", uri, pairs.keySet());
            long subscribedBy = System.nanoTime() + staleAfter.toNanos();
            while (!closed) {
                Signal signal = inbox.poll(staleAfter.toNanos(), TimeUnit.NANOSECONDS);
                if (signal == null) {
                    throw new ConnectionLost("no message for " + staleAfter.toMillis() + " ms (not even a heartbeat): connection presumed dead");
                }
                handle(signal);
                for (PairState pair : pairs.values()) {
                    if (pair.subscribed && !pair.live) {
                        goLive(pair, inbox);
                    }
                }
                if (!live) {
                    if (pairs.values().stream().allMatch(p -> p.live)) {
                        live = true;
                        sessionWasLive = true;
                    } else if (System.nanoTime() - subscribedBy > 0) {
                        throw new ConnectionLost("subscription not acknowledged within " + staleAfter.toMillis() + " ms");
                    }
                }
            }
        } finally {
            current = null;
            ws.abort();
        }
    }

    private void send(WebSocket ws, String text) throws InterruptedException {
        try {
            ws.sendText(text, true).get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectionLost("could not send " + text + ": " + e, e);
        }
    }

    private String subscribeMessage() {
        ObjectNode message = KrakenWire.MAPPER.createObjectNode();
        message.put("method", "subscribe");
        ObjectNode params = message.putObject("params");
        params.put("channel", "trade");
        pairs.keySet().forEach(params.putArray("symbol")::add);
        params.put("snapshot", true);
        return message.toString();
    }

    /** Fills the gap since the last trade delivered from REST, then releases the trades held back. */
    private void goLive(PairState pair, BlockingQueue<Signal> inbox) throws InterruptedException {
        if (pair.deduplicator.lastTime().isPresent()) {
            Instant last = pair.deduplicator.lastTime().get();
            long since = KrakenWire.nanos(last) - GAP_FILL_OVERLAP.toNanos();
            int pages = 0;
            int filled = 0;
            while (true) {
                TradesPage page = rest.trades(pair.pair, since);
                pages++;
                gapFillPages.incrementAndGet();
                int fresh = deliver(pair, page.trades());
                filled += fresh;
                drain(inbox);
                if (fresh == 0) {
                    break; // REST has nothing newer: what happens from here on is on the WebSocket
                }
                if (!pair.heldBack.isEmpty() && maxId(page.trades()) >= minId(pair.heldBack)) {
                    break; // REST reached the trades held back from the WebSocket
                }
                if (page.last() <= since) {
                    break;
                }
                since = page.last();
            }
            LOG.log(System.Logger.Level.INFO, "Kraken {0}: filled the gap after {1} with {2} trades from {3} REST pages",
                    pair.pair, last, filled, pages);
        }
        deliver(pair, pair.heldBack);
        pair.heldBack.clear();
        pair.live = true;
    }

    /** Handles whatever arrived meanwhile without waiting: keeps acks and trades while REST pages are fetched. */
    private void drain(BlockingQueue<Signal> inbox) {
        Signal signal;
        while ((signal = inbox.poll()) != null) {
            handle(signal);
        }
    }

    private void handle(Signal signal) {
        switch (signal) {
            case Closed closed -> throw new ConnectionLost("closed by the server: " + closed.code() + " " + closed.reason());
            case Failed failed -> throw new ConnectionLost("connection failed: " + failed.error(), failed.error());
            case Text text -> handle(text.json());
        }
    }

    private void handle(String json) {
        JsonNode message;
        try {
            message = KrakenWire.read(json);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Kraken WebSocket: ignoring a message that is not JSON: {0}", json);
            return;
        }
        String channel = message.path("channel").asText();
        switch (channel) {
            case "heartbeat" -> {
                // its arrival is the point: the connection lives
            }
            case "status" -> {
                String system = message.path("data").path(0).path("system").asText();
                if (!system.equals(systemStatus)) {
                    systemStatus = system;
                    LOG.log(System.Logger.Level.INFO, "Kraken system status: {0}", system);
                }
            }
            case "trade" -> trades(message);
            default -> {
                if (message.path("method").asText().equals("subscribe")) {
                    acknowledged(message);
                }
            }
        }
    }

    private void acknowledged(JsonNode ack) {
        String symbol = ack.path("result").path("symbol").asText();
        if (!ack.path("success").asBoolean(false)) {
            throw new KrakenApiException("Kraken refused the trade subscription" + (symbol.isEmpty() ? "" : " of " + symbol)
                    + ": " + ack.path("error").asText(ack.toString()), List.of(ack.path("error").asText()), null);
        }
        PairState pair = pairs.get(symbol);
        if (pair != null && ack.path("result").path("channel").asText("trade").equals("trade")) {
            pair.subscribed = true;
        }
    }

    private void trades(JsonNode message) {
        Map<String, List<Trade>> bySymbol = new LinkedHashMap<>();
        JsonNode data = message.path("data");
        try {
            for (int i = 0; i < data.size(); i++) {
                JsonNode element = data.get(i);
                bySymbol.computeIfAbsent(element.path("symbol").asText(), s -> new ArrayList<>())
                        .add(KrakenWire.wsTrade(element, "trade.data[" + i + "]"));
            }
        } catch (KrakenWire.KrakenFormatException e) {
            // a trade we cannot read must not become a silent hole: reconnecting refills it from REST
            throw new ConnectionLost("unreadable trade message (" + e.getMessage() + "): " + message, e);
        }
        bySymbol.forEach((symbol, trades) -> {
            PairState pair = pairs.get(symbol);
            if (pair == null) {
                return;
            }
            if (pair.live) {
                deliver(pair, trades);
            } else {
                pair.heldBack.addAll(trades);
            }
        });
    }

    /** Passes the fresh trades to the listener, then marks them delivered; returns how many. */
    private int deliver(PairState pair, List<Trade> trades) {
        List<Trade> fresh = pair.deduplicator.fresh(trades);
        if (fresh.isEmpty()) {
            return 0;
        }
        pair.listener.accept(fresh);
        pair.deduplicator.advance(fresh);
        return fresh.size();
    }

    private static long maxId(List<Trade> trades) {
        return trades.stream().mapToLong(TradeDeduplicator::sequence).max().orElse(Long.MIN_VALUE);
    }

    private static long minId(List<Trade> trades) {
        return trades.stream().mapToLong(TradeDeduplicator::sequence).min().orElse(Long.MAX_VALUE);
    }

    private static final class PairState {
        final String pair;
        final Consumer<List<Trade>> listener;
        final TradeDeduplicator deduplicator;
        final List<Trade> heldBack = new ArrayList<>();
        boolean subscribed;
        boolean live;

        PairState(String pair, Consumer<List<Trade>> listener, TradeDeduplicator deduplicator) {
            this.pair = pair;
            this.listener = listener;
            this.deduplicator = deduplicator;
        }

        void newSession() {
            subscribed = false;
            live = false;
            heldBack.clear();
        }
    }

    private sealed interface Signal permits Text, Closed, Failed {
    }

    private record Text(String json) implements Signal {
    }

    private record Closed(int code, String reason) implements Signal {
    }

    private record Failed(Throwable error) implements Signal {
    }

    /** Turns the JDK WebSocket's callbacks into signals for the stream's thread, one whole text message each. */
    private static final class Inbox implements WebSocket.Listener {
        private final BlockingQueue<Signal> queue;
        private final StringBuilder text = new StringBuilder();

        Inbox(BlockingQueue<Signal> queue) {
            this.queue = queue;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                queue.add(new Text(text.toString()));
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            queue.add(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            queue.add(new Failed(error));
        }
    }

    /** Why a connection ended; the stream reconnects. */
    static final class ConnectionLost extends RuntimeException {
        ConnectionLost(String message) {
            super(message);
        }

        ConnectionLost(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static final class Builder {
        private URI uri = DEFAULT_URI;
        private KrakenRestClient rest;
        private Duration staleAfter = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        private final Map<String, PairState> pairs = new LinkedHashMap<>();

        private Builder() {
        }

        /** The WebSocket v2 endpoint; default {@code wss://ws.kraken.com/v2}. */
        public Builder uri(URI value) {
            this.uri = Objects.requireNonNull(value, "uri");
            return this;
        }

        /** Where gaps are filled from. */
        public Builder rest(KrakenRestClient value) {
            this.rest = value;
            return this;
        }

        /** Silence after which a connection counts as dead; Kraken sends a heartbeat about every second. Default 10 s. */
        public Builder staleAfter(Duration value) {
            this.staleAfter = Objects.requireNonNull(value, "staleAfter");
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        /** Waits between reconnects; default 0.5 s doubling up to 30 s, with jitter. */
        public Builder backoff(Backoff value) {
            this.backoff = Objects.requireNonNull(value, "backoff");
            return this;
        }

        /** Subscribes to {@code pair} ({@code BTC/USD}) from its live edge (the snapshot of its last trades on). */
        public Builder pair(String pair, Consumer<List<Trade>> listener) {
            return add(pair, listener, new TradeDeduplicator());
        }

        /**
         * Subscribes to {@code pair} resuming after a trade delivered earlier (e.g. the last one stored): the first
         * connection already fills the gap since then from REST.
         */
        public Builder pair(String pair, String lastTradeId, Instant lastTradeTime, Consumer<List<Trade>> listener) {
            return add(pair, listener, new TradeDeduplicator(lastTradeId, Objects.requireNonNull(lastTradeTime, "lastTradeTime")));
        }

        private Builder add(String pair, Consumer<List<Trade>> listener, TradeDeduplicator deduplicator) {
            String symbol = KrakenPairs.wsSymbol(pair);
            pairs.put(symbol, new PairState(symbol, Objects.requireNonNull(listener, "listener"), deduplicator));
            return this;
        }

        public KrakenTradeStream build() {
            return new KrakenTradeStream(this);
        }
    }
}
