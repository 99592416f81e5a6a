package dev.tickcast.marketdata.kraken;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tickcast.contracts.Pairs;
import dev.tickcast.contracts.market.Side;
import dev.tickcast.contracts.market.Trade;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * A local Kraken: WebSocket v2 on {@code /v2} (status on connect, {@code subscribe} to the {@code trade} channel
 * with its acknowledgement and a snapshot of the last 50 trades, {@code update} messages, heartbeats, {@code ping})
 * and REST {@code GET /0/public/Trades} ({@code pair}, {@code since} in nanoseconds, pages with the {@code last}
 * cursor, Kraken's {@code {"error":[…],"result":{…}}} envelope), both on one port, in the documented formats:
 * REST prices and volumes as strings with Kraken's fixed decimals and times as seconds with a fraction;
 * WebSocket prices and quantities as JSON numbers and times as RFC 3339.
 *
 * <p>Scripted from the test: {@link #trade} makes trades happen (recorded for REST, pushed to every subscribed
 * connection), {@link #dropConnections()} cuts every WebSocket without a close frame,
 * {@link #refuseConnections} turns new WebSockets away, {@link #heartbeats} silences the connection,
 * {@link #restMinInterval} answers requests that come too fast with {@code EGeneral:Too many requests}, and
 * {@link #failNextRest} / {@link #failNextRestWithStatus} script REST failures.
 */
public final class MockKrakenServer implements AutoCloseable {
    public static final Instant DEFAULT_START = Instant.parse("2026-11-20T10:00:00Z");
    public static final Duration DEFAULT_STEP = Duration.ofMillis(250);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofMillis(200);
    /** The first trade id of every book, as large as Kraken's real ones. */
    public static final long FIRST_TRADE_ID = 61_044_952L;
    /** Kraken's trade snapshot: the most recent 50 trades. */
    public static final int SNAPSHOT_SIZE = 50;
    /** Kraken's default page: 1000 trades. */
    public static final int DEFAULT_PAGE_SIZE = 1000;

    /** REST request name → {pair, result key}, the way Kraken answers them. */
    private static final Map<String, String[]> REST_PAIRS = Map.of(
            "XBTUSD", new String[] { "BTC/USD", "XXBTZUSD" },
            "XBTEUR", new String[] { "BTC/EUR", "XXBTZEUR" },
            "ETHUSD", new String[] { "ETH/USD", "XETHZUSD" },
            "SOLUSD", new String[] { "SOL/USD", "SOLUSD" },
            "XDGUSD", new String[] { "DOGE/USD", "XDGUSD" });
    private static final DateTimeFormatter RFC3339_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final HttpServer server;
    private final Duration heartbeatInterval;
    private final Map<String, List<Trade>> books = new HashMap<>();
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<String> wsReceived = new CopyOnWriteArrayList<>();
    private final List<Long> restSince = new CopyOnWriteArrayList<>();
    private final Deque<String> restFailures = new ArrayDeque<>();
    private final AtomicInteger restRequests = new AtomicInteger();
    private final AtomicInteger restRateLimited = new AtomicInteger();
    private final AtomicInteger wsConnections = new AtomicInteger();
    private final AtomicLong connectionIds = new AtomicLong(12393906104898154L);

    private volatile boolean heartbeats = true;
    private volatile boolean refuse;
    private volatile int pageSize = DEFAULT_PAGE_SIZE;
    private volatile long restMinIntervalNanos;
    private long lastRestRequest = Long.MIN_VALUE;

    private MockKrakenServer(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        this.server = vertx.createHttpServer().requestHandler(this::request);
        vertx.setPeriodic(Math.max(10, heartbeatInterval.toMillis() / 2), id -> heartbeat());
    }

    public static MockKrakenServer start() {
        return start(DEFAULT_HEARTBEAT);
    }

    /** Starts on a free port of 127.0.0.1; Kraken's own heartbeat comes about every second. */
    public static MockKrakenServer start(Duration heartbeatInterval) {
        MockKrakenServer mock = new MockKrakenServer(heartbeatInterval);
        try {
            mock.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            mock.close();
            throw new IllegalStateException("mock Kraken did not start", e);
        }
        return mock;
    }

    public int port() {
        return server.actualPort();
    }

    /** The WebSocket v2 endpoint, like {@code wss://ws.kraken.com/v2}. */
    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port() + "/v2");
    }

    /** The REST base, like {@code https://api.kraken.com}. */
    public URI restUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    // ---- the script -------------------------------------------------------------------------------------------

    /** {@code count} trades happen on {@code pair}, {@link #DEFAULT_STEP} apart after its last one. */
    public List<Trade> trade(String pair, int count) {
        synchronized (this) {
            List<Trade> book = book(pair);
            Instant first = book.isEmpty() ? DEFAULT_START : book.get(book.size() - 1).time().plus(DEFAULT_STEP);
            return trade(pair, count, first, DEFAULT_STEP);
        }
    }

    /**
     * {@code count} trades happen on {@code pair}, the first at {@code first}, then {@code step} apart: recorded
     * for REST and pushed as one {@code update} to every connection subscribed to the pair. Times are truncated
     * to microseconds (what WebSocket v2 shows).
     */
    public synchronized List<Trade> trade(String pair, int count, Instant first, Duration step) {
        List<Trade> book = book(pair);
        List<Trade> created = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long index = book.size();
            Instant time = first.plus(step.multipliedBy(i)).truncatedTo(ChronoUnit.MICROS);
            if (!book.isEmpty() && time.isBefore(book.get(book.size() - 1).time())) {
                throw new IllegalArgumentException("trades happen in time order: " + time + " is before " + book.get(book.size() - 1).time());
            }
            Trade trade = new Trade(Long.toString(FIRST_TRADE_ID + index), time,
                    KrakenWire.normalise(BigDecimal.valueOf(300_000 + (index * 37) % 1000, 1)),
                    KrakenWire.normalise(BigDecimal.valueOf((index * 7919) % 100_000_000 + 1, 8)),
                    index % 3 == 0 ? Side.SELL : Side.BUY);
            book.add(trade);
            created.add(trade);
        }
        for (Session session : sessions) {
            if (session.subscribed.contains(pair)) {
                for (int from = 0; from < created.size(); from += 100) {
                    session.send(tradeMessage("update", pair, created.subList(from, Math.min(created.size(), from + 100))));
                }
            }
        }
        return created;
    }

    /** Every trade of {@code pair} so far, in order: what a client should end up with. */
    public synchronized List<Trade> trades(String pair) {
        return List.copyOf(book(pair));
    }

    /** Cuts every WebSocket at the TCP level, with no close frame: what a network failure looks like. */
    public void dropConnections() {
        for (Session session : sessions) {
            // past the pipeline, whose WebSocket handler would first send a close frame; RST instead of FIN
            Channel channel = ((ConnectionBase) session.connection).channel();
            channel.eventLoop().execute(() -> {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
                channel.unsafe().close(channel.unsafe().voidPromise());
            });
        }
        sessions.clear();
    }

    /** While true, WebSocket upgrades are answered with HTTP 503 (Kraken unreachable). */
    public void refuseConnections(boolean value) {
        this.refuse = value;
    }

    /** While false, no heartbeat is sent: an idle connection goes silent. */
    public void heartbeats(boolean value) {
        this.heartbeats = value;
    }

    /** Trades per REST page (Kraken: 1000). */
    public void restPageSize(int value) {
        this.pageSize = value;
    }

    /** REST requests closer together than this get {@code EGeneral:Too many requests}. */
    public void restMinInterval(Duration value) {
        this.restMinIntervalNanos = value.toNanos();
    }

    /** The next {@code times} REST requests fail with this Kraken error (e.g. {@code EAPI:Rate limit exceeded}). */
    public synchronized void failNextRest(String krakenError, int times) {
        for (int i = 0; i < times; i++) {
            restFailures.add(krakenError);
        }
    }

    /** The next {@code times} REST requests fail with this HTTP status. */
    public synchronized void failNextRestWithStatus(int status, int times) {
        for (int i = 0; i < times; i++) {
            restFailures.add("HTTP " + status);
        }
    }

    // ---- what happened ----------------------------------------------------------------------------------------

    public int restRequests() {
        return restRequests.get();
    }

    /** REST requests answered with {@code EGeneral:Too many requests} because they came too fast. */
    public int restRateLimited() {
        return restRateLimited.get();
    }

    /** The {@code since} of every REST request, in order. */
    public List<Long> restSince() {
        return List.copyOf(restSince);
    }

    /** WebSocket connections accepted so far. */
    public int wsConnections() {
        return wsConnections.get();
    }

    /** WebSocket connections open now. */
    public int openConnections() {
        return (int) sessions.stream().filter(s -> !s.ws.isClosed()).count();
    }

    /** Every text message clients sent. */
    public List<String> wsReceived() {
        return List.copyOf(wsReceived);
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("mock Kraken did not stop", e);
        }
    }

    // ---- the server -------------------------------------------------------------------------------------------

    private List<Trade> book(String pair) {
        return books.computeIfAbsent(pair, p -> new ArrayList<>());
    }

    private void request(HttpServerRequest request) {
        if (request.path().equals("/v2")) {
            if (refuse || !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
                request.response().setStatusCode(503).end("Service Unavailable");
                return;
            }
            HttpConnection connection = request.connection();
            request.toWebSocket().onSuccess(ws -> open(ws, connection));
        } else if (request.path().equals("/0/public/Trades")) {
            restTrades(request);
        } else {
            request.response().setStatusCode(404).end("{\"error\":[\"EGeneral:Unknown method\"]}");
        }
    }

    private void open(ServerWebSocket ws, HttpConnection connection) {
        Session session = new Session(ws, connection);
        sessions.add(session);
        wsConnections.incrementAndGet();
        ws.closeHandler(v -> sessions.remove(session));
        ws.textMessageHandler(text -> received(session, text));
        session.send("{\"channel\":\"status\",\"data\":[{\"api_version\":\"v2\",\"connection_id\":" + connectionIds.incrementAndGet()
                + ",\"system\":\"online\",\"version\":\"2.0.10\"}],\"type\":\"update\"}");
    }

    private void received(Session session, String text) {
        wsReceived.add(text);
        String timeIn = RFC3339_MICROS.format(Instant.now());
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            session.send("{\"error\":\"Malformed request\",\"success\":false,\"time_in\":\"" + timeIn + "\",\"time_out\":\"" + timeIn + "\"}");
            return;
        }
        String method = message.path("method").asText();
        String reqId = message.has("req_id") ? ",\"req_id\":" + message.get("req_id").asLong() : "";
        if (method.equals("ping")) {
            session.send("{\"method\":\"pong\"" + reqId + ",\"time_in\":\"" + timeIn + "\",\"time_out\":\"" + now() + "\"}");
        } else if (method.equals("subscribe") && message.path("params").path("channel").asText().equals("trade")) {
            boolean snapshot = message.path("params").path("snapshot").asBoolean(false);
            for (JsonNode symbol : message.path("params").path("symbol")) {
                subscribe(session, symbol.asText(), snapshot, reqId, timeIn);
            }
        } else {
            session.send("{\"error\":\"Method not supported by this mock\",\"method\":\"" + method + "\"" + reqId
                    + ",\"success\":false,\"time_in\":\"" + timeIn + "\",\"time_out\":\"" + now() + "\"}");
        }
    }

    /** Acknowledgement, snapshot and the subscription itself under one lock, so no trade slips between them. */
    private synchronized void subscribe(Session session, String symbol, boolean snapshot, String reqId, String timeIn) {
        if (!Pairs.isEventForm(symbol)) {
            session.send("{\"error\":\"Currency pair not supported " + symbol + "\",\"method\":\"subscribe\"" + reqId
                    + ",\"success\":false,\"symbol\":\"" + symbol + "\",\"time_in\":\"" + timeIn + "\",\"time_out\":\"" + now() + "\"}");
            return;
        }
        session.send("{\"method\":\"subscribe\",\"result\":{\"channel\":\"trade\",\"snapshot\":" + snapshot + ",\"symbol\":\""
                + symbol + "\"}" + reqId + ",\"success\":true,\"time_in\":\"" + timeIn + "\",\"time_out\":\"" + now() + "\"}");
        session.subscribed.add(symbol);
        if (snapshot) {
            List<Trade> book = book(symbol);
            session.send(tradeMessage("snapshot", symbol, book.subList(Math.max(0, book.size() - SNAPSHOT_SIZE), book.size())));
        }
    }

    private void heartbeat() {
        if (!heartbeats) {
            return;
        }
        long now = System.nanoTime();
        for (Session session : sessions) {
            // like Kraken: only on subscribed connections, and only when nothing else was sent lately
            if (!session.subscribed.isEmpty() && now - session.lastSent >= heartbeatInterval.toNanos()) {
                session.send("{\"channel\":\"heartbeat\"}");
            }
        }
    }

    private void restTrades(HttpServerRequest request) {
        restRequests.incrementAndGet();
        String sinceParam = request.getParam("since", "0");
        long since = Long.parseLong(sinceParam);
        restSince.add(since);
        String failure;
        boolean tooFast;
        synchronized (this) {
            failure = restFailures.poll();
            long now = System.nanoTime();
            tooFast = failure == null && lastRestRequest != Long.MIN_VALUE && now - lastRestRequest < restMinIntervalNanos;
            if (failure == null && !tooFast) {
                lastRestRequest = now;
            }
        }
        if (failure != null && failure.startsWith("HTTP ")) {
            request.response().setStatusCode(Integer.parseInt(failure.substring(5)))
                    .putHeader("Content-Type", "text/html").end("<html><body>" + failure + "</body></html>");
            return;
        }
        if (failure != null || tooFast) {
            if (tooFast) {
                restRateLimited.incrementAndGet();
            }
            json(request, "{\"error\":[\"" + (tooFast ? "EGeneral:Too many requests" : failure) + "\"]}");
            return;
        }
        String[] pair = REST_PAIRS.get(request.getParam("pair", ""));
        if (pair == null) {
            json(request, "{\"error\":[\"EQuery:Unknown asset pair\"]}");
            return;
        }
        // Kraken takes since in nanoseconds, or in seconds for short values
        long sinceNanos = since < 100_000_000_000L ? since * 1_000_000_000L : since;
        int limit = pageSize;
        String count = request.getParam("count");
        if (count != null) {
            limit = Math.min(limit, Integer.parseInt(count));
        }
        List<Trade> page = new ArrayList<>();
        synchronized (this) {
            for (Trade trade : book(pair[0])) {
                if (KrakenWire.nanos(trade.time()) > sinceNanos && page.size() < limit) {
                    page.add(trade);
                }
            }
        }
        StringBuilder body = new StringBuilder("{\"error\":[],\"result\":{\"").append(pair[1]).append("\":[");
        for (int i = 0; i < page.size(); i++) {
            Trade t = page.get(i);
            body.append(i == 0 ? "" : ",").append("[\"")
                    .append(t.price().setScale(5).toPlainString()).append("\",\"")
                    .append(t.quantity().setScale(8).toPlainString()).append("\",")
                    .append(t.time().getEpochSecond()).append('.').append(String.format("%06d", t.time().getNano() / 1000)).append(",\"")
                    .append(t.side() == Side.BUY ? "b" : "s").append("\",\"")
                    .append(i % 2 == 0 ? "l" : "m").append("\",\"\",")
                    .append(t.id()).append(']');
        }
        long last = page.isEmpty() ? sinceNanos : KrakenWire.nanos(page.get(page.size() - 1).time());
        body.append("],\"last\":\"").append(last).append("\"}}");
        json(request, body.toString());
    }

    private static void json(HttpServerRequest request, String body) {
        request.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body);
    }

    /** A WebSocket v2 trade message; numbers written as Kraken writes them ({@code 40.0}, {@code 0.5117}). */
    private static String tradeMessage(String type, String pair, List<Trade> trades) {
        StringBuilder message = new StringBuilder("{\"channel\":\"trade\",\"type\":\"").append(type).append("\",\"data\":[");
        for (int i = 0; i < trades.size(); i++) {
            Trade t = trades.get(i);
            message.append(i == 0 ? "" : ",")
                    .append("{\"symbol\":\"").append(pair)
                    .append("\",\"side\":\"").append(t.side() == Side.BUY ? "buy" : "sell")
                    .append("\",\"price\":").append(jsonNumber(t.price()))
                    .append(",\"qty\":").append(jsonNumber(t.quantity()))
                    .append(",\"ord_type\":\"").append(i % 2 == 0 ? "limit" : "market")
                    .append("\",\"trade_id\":").append(t.id())
                    .append(",\"timestamp\":\"").append(RFC3339_MICROS.format(t.time())).append("\"}");
        }
        return message.append("]}").toString();
    }

    private static String jsonNumber(BigDecimal value) {
        String plain = value.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static String now() {
        return RFC3339_MICROS.format(Instant.now());
    }

    private static final class Session {
        final ServerWebSocket ws;
        final HttpConnection connection;
        final Set<String> subscribed = ConcurrentHashMap.newKeySet();
        volatile long lastSent = System.nanoTime();

        Session(ServerWebSocket ws, HttpConnection connection) {
            this.ws = ws;
            this.connection = connection;
        }

        void send(String text) {
            if (!ws.isClosed()) {
                lastSent = System.nanoTime();
                ws.writeTextMessage(text);
            }
        }
    }
}
