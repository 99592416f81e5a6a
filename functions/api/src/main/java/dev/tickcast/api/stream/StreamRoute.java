package dev.tickcast.api.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tickcast.api.rest.AllowedPairs;
import dev.tickcast.api.rest.BadRequest;
import dev.tickcast.api.rest.RawUrl;
import dev.tickcast.contracts.json.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/stream?pair=BTC-USD} upgraded to a WebSocket: the live events of one pair (see
 * {@link StreamHub}). The pair is checked before the upgrade; a bad one refuses the handshake with 400 and the
 * same body as the REST endpoints. The first message, {@code {"type":"subscribed"}}, comes once the stream reads
 * the broker topic: every event after it is delivered. Open streams are limited in all and per client address
 * ({@code tickcast.api.stream.*}); one over a limit is closed at once with 1013 or 1008 and the reason.
 */
@ApplicationScoped
public class StreamRoute {
    public static final String PATH = "/api/v1/stream";

    @Inject
    AllowedPairs pairs;

    @Inject
    StreamHub hub;

    @Inject
    BrokerTail tail;

    private final ObjectMapper mapper = Json.mapper();

    void routes(@Observes Router router) {
        router.route(HttpMethod.GET, PATH).order(-10).handler(this::upgrade);
    }

    private void upgrade(RoutingContext rc) {
        String pair;
        try {
            String param = rc.request().getParam("pair");
            if (param == null) {
                throw new BadRequest("pair", "required", "the query parameter pair is required, e.g. ?pair=BTC-USD");
            }
            pair = pairs.check(param);
            if (!"websocket".equalsIgnoreCase(rc.request().getHeader("Upgrade"))) {
                throw new BadRequest("Upgrade", "websocket", "this is a WebSocket endpoint: connect with a WebSocket client");
            }
        } catch (BadRequest e) {
            RawUrl.refuse(rc.response(), e);
            return;
        }
        String client = rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress();
        rc.request().toWebSocket().onSuccess(socket -> {
            // over a limit the socket is closed with 1008 or 1013 and a reason: a refused handshake could not say why
            if (hub.join(pair, client, socket)) {
                tail.whenPositioned(() -> socket.writeTextMessage(subscribed(pair)));
            }
        }).onFailure(rc::fail);
    }

    private String subscribed(String pair) {
        return mapper.createObjectNode().put("type", "subscribed").put("pair", pair).toString();
    }
}
