package dev.tickcast.api.stream;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.api.config.ApiConfig;
import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.validation.EventValidator;
import io.vertx.core.http.ServerWebSocket;

/**
 * The WebSocket clients by pair, and the events they get: each prediction, signal, candle and evaluation of
 * their pair from the broker topic, as {@code {"type", "time", "data"}} with {@code data} the event's payload.
 * A payload that breaks its contract is not forwarded.
 */
@ApplicationScoped
public class StreamHub {
    private static final Logger LOG = Logger.getLogger(StreamHub.class);
    static final Set<String> STREAMED = Set.of(EventTypes.PREDICTION, EventTypes.SIGNAL, EventTypes.CANDLE,
            EventTypes.EVALUATION);

    private final ObjectMapper mapper = Json.mapper();
    /** Per pair: each open socket and its client address. */
    private final Map<String, Map<ServerWebSocket, String>> byPair = new ConcurrentHashMap<>();
    private final ConnectionLimits limits;

    StreamHub(ApiConfig config) {
        limits = new ConnectionLimits(config.stream().maxConnections(), config.stream().maxConnectionsPerClient());
    }

    /**
     * Adds the socket to its pair's clients if the connection limits allow; otherwise closes it with the limit's code
     * and reason and returns false.
     */
    boolean join(String pair, String client, ServerWebSocket socket) {
        Optional<ConnectionLimits.Refusal> refusal = limits.admit(client);
        if (refusal.isPresent()) {
            LOG.debugf("stream of %s from %s refused: %s", pair, client, refusal.get().reason());
            socket.close(refusal.get().code(), refusal.get().reason());
            return false;
        }
        byPair.computeIfAbsent(pair, p -> new ConcurrentHashMap<>()).put(socket, client);
        socket.closeHandler(v -> leave(pair, socket));
        socket.exceptionHandler(e -> leave(pair, socket));
        return true;
    }

    /** Idempotent: a socket can end by its close, an error and a slow-client close, and is counted out once. */
    private void leave(String pair, ServerWebSocket socket) {
        Map<ServerWebSocket, String> sockets = byPair.get(pair);
        String client = sockets == null ? null : sockets.remove(socket);
        if (client != null) {
            limits.release(client);
        }
    }

    public int clients() {
        return byPair.values().stream().mapToInt(Map::size).sum();
    }

    /** Sends a record of the broker topic to the clients of its pair, if it is a streamed event. */
    void dispatch(ConsumerRecord<String, byte[]> record) {
        String type = header(record, "ce_type");
        if (type == null || !STREAMED.contains(type)) {
            return;
        }
        String pair = header(record, "ce_subject");
        Map<ServerWebSocket, String> sockets = pair == null ? null : byPair.get(pair);
        if (sockets == null || sockets.isEmpty()) {
            return;
        }
        if (!EventValidator.validate(type, record.value()).isEmpty()) {
            LOG.debugf("not streamed: %s %s breaks its contract", type, header(record, "ce_id"));
            return;
        }
        String message;
        try {
            ObjectNode m = mapper.createObjectNode();
            m.put("type", type);
            m.put("time", header(record, "ce_time"));
            m.set("data", mapper.readTree(record.value()));
            message = mapper.writeValueAsString(m);
        } catch (IOException e) {
            return;
        }
        for (ServerWebSocket socket : sockets.keySet()) {
            if (socket.writeQueueFull()) {
                // a client that cannot keep up would hold every event in memory: it reconnects and reloads over REST
                socket.close(ConnectionLimits.TRY_AGAIN_LATER, "too slow: reconnect and load what was missed over REST");
                leave(pair, socket);
            } else {
                socket.writeTextMessage(message);
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : BinaryMode.utf8(header.value());
    }
}
