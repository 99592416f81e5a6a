package dev.tickcast.api.stream;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
    private final Map<String, Set<ServerWebSocket>> byPair = new ConcurrentHashMap<>();

    void join(String pair, ServerWebSocket socket) {
        byPair.computeIfAbsent(pair, p -> ConcurrentHashMap.newKeySet()).add(socket);
        socket.closeHandler(v -> leave(pair, socket));
        socket.exceptionHandler(e -> leave(pair, socket));
    }

    private void leave(String pair, ServerWebSocket socket) {
        Set<ServerWebSocket> sockets = byPair.get(pair);
        if (sockets != null) {
            sockets.remove(socket);
        }
    }

    public int clients() {
        return byPair.values().stream().mapToInt(Set::size).sum();
    }

    /** Sends a record of the broker topic to the clients of its pair, if it is a streamed event. */
    void dispatch(ConsumerRecord<String, byte[]> record) {
        String type = header(record, "ce_type");
        if (type == null || !STREAMED.contains(type)) {
            return;
        }
        String pair = header(record, "ce_subject");
        Set<ServerWebSocket> sockets = pair == null ? null : byPair.get(pair);
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
        for (ServerWebSocket socket : sockets) {
            if (socket.writeQueueFull()) {
                // a client that cannot keep up would hold every event in memory: it reconnects and reloads over REST
                socket.close((short) 1013, "too slow: reconnect and load what was missed over REST");
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
