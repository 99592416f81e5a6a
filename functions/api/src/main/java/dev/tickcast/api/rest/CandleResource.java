package dev.tickcast.api.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.tickcast.api.repository.CandleRepository;
import dev.tickcast.contracts.market.Candle;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/candles/{pair}?from&to}: the 1-minute candles of a pair. */
@Path("/api/v1/candles")
@Produces(MediaType.APPLICATION_JSON)
public class CandleResource {
    /** At most a week of minutes (10,080 candles) per request. */
    static final Duration MAX_RANGE = Duration.ofDays(7);
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    @Inject
    CandleRepository candles;

    @GET
    @Path("/{pair}")
    @Operation(summary = "1-minute candles of a pair whose minute starts in [from, to), oldest first")
    public Uni<List<Candle>> candles(
            @Parameter(description = "pair as BASE-QUOTE, e.g. BTC-USD") @PathParam("pair") String pair,
            @Parameter(description = "inclusive start, RFC 3339; default: one hour before to") @QueryParam("from") String from,
            @Parameter(description = "exclusive end, RFC 3339; default: now") @QueryParam("to") String to) {
        String eventPair = RequestParameters.pair(pair);
        Instant end = to == null ? Instant.now() : RequestParameters.instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_RANGE) : RequestParameters.instant("from", from);
        RequestParameters.range(start, end, MAX_RANGE);
        return candles.range(eventPair, start, end);
    }
}
