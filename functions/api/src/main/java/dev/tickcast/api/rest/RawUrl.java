package dev.tickcast.api.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.tickcast.contracts.json.Json;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A literal {@code ;} in a URL is refused before any routing. In a path it starts JAX-RS matrix parameters, in a
 * query Netty splits parameters at it: either way {@code /predictions/BTC-USD;DROP TABLE x} or
 * {@code ?limit=1;DROP…} would otherwise be quietly read as something valid. No parameter of this api contains
 * one (encoded as %3B it reaches the parameter's own check). Checked on the raw request line, which REST's
 * request filters no longer see.
 */
@ApplicationScoped
public class RawUrl {

    /** @throws BadRequest naming the part ({@code path} or {@code query}) that holds a {@code ;} */
    public static void rejectSemicolons(String rawPath, String rawQuery) {
        if (rawPath != null && rawPath.indexOf(';') >= 0) {
            throw new BadRequest("path", "no-semicolon", "';' is not allowed in the path (no matrix parameters)");
        }
        if (rawQuery != null && rawQuery.indexOf(';') >= 0) {
            throw new BadRequest("query", "no-semicolon", "';' is not allowed in the query; separate parameters with '&'");
        }
    }

    /** Answers 400 with the body of every other bad request. */
    public static void refuse(HttpServerResponse response, BadRequest e) {
        try {
            response.setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end(Json.mapper().writeValueAsString(new ErrorMappers.Error(e.getMessage(), e.field(), e.rule())));
        } catch (JsonProcessingException x) {
            response.setStatusCode(400).end(e.getMessage());
        }
    }

    void routes(@Observes Router router) {
        router.route().order(-100).handler(this::check);
    }

    private void check(RoutingContext rc) {
        String uri = rc.request().uri();
        int q = uri.indexOf('?');
        try {
            rejectSemicolons(q < 0 ? uri : uri.substring(0, q), q < 0 ? null : uri.substring(q + 1));
        } catch (BadRequest e) {
            refuse(rc.response(), e);
            return;
        }
        rc.next();
    }
}
