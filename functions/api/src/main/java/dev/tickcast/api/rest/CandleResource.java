package dev.tickcast.api.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tickcast.api.repository.CandleRepository;
import dev.tickcast.contracts.Pairs;
import dev.tickcast.contracts.market.Candle;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/candles/{pair}?from&to}: the 1-minute candles of a pair. */
@Path("/api/v1/candles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "candles")
public class CandleResource {
    /** At most a week of minutes (10,080 candles) per request. */
    static final Duration MAX_RANGE = Duration.ofDays(7);
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    @Inject
    CandleRepository candles;

    @Inject
    AllowedPairs pairs;

    @GET
    @Path("/{pair}")
    @Operation(summary = "1-minute candles of a pair whose minute starts in [from, to), oldest first")
    @APIResponse(responseCode = "200", description = "the candles",
            content = @Content(schema = @Schema(implementation = Candle.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "a parameter broke its rule (named in the body)",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    public Uni<List<Candle>> candles(
            @Parameter(description = "pair as BASE-QUOTE, one of tickcast.api.pairs, e.g. BTC-USD") @PathParam("pair") String pair,
            @Parameter(description = "inclusive start, RFC 3339 (years 0001 to 9999); default: one hour before to") @QueryParam("from") String from,
            @Parameter(description = "exclusive end, RFC 3339 (years 0001 to 9999); default: the end of the pair's newest candle (event time), at most 7 days after from") @QueryParam("to") String to) {
        String eventPair = pairs.check(pair);
        Instant start = from == null ? null : RequestParameters.instant("from", from);
        Instant end = to == null ? null : RequestParameters.instant("to", to);
        return (end != null ? Uni.createFrom().item(Optional.<Instant> empty()) : candles.newest(eventPair))
                .map(newest -> TimeRange.of(start, end, newest, DEFAULT_RANGE, MAX_RANGE))
                .chain(range -> range.isEmpty() ? Uni.createFrom().item(List.<Candle> of())
                        : candles.range(eventPair, range.from(), range.to()));
    }

    @GET
    @Path("/{pair}/latest")
    @Operation(summary = "The newest 1-minute candle of a pair (where a replayed past week ends, for instance)")
    @APIResponse(responseCode = "200", description = "the candle", content = @Content(schema = @Schema(implementation = Candle.class)))
    @APIResponse(responseCode = "400", description = "the pair is malformed or not served",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    @APIResponse(responseCode = "404", description = "no candle of this pair is stored yet",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    public Uni<Candle> latest(
            @Parameter(description = "pair as BASE-QUOTE, one of tickcast.api.pairs, e.g. BTC-USD") @PathParam("pair") String pair) {
        String eventPair = pairs.check(pair);
        return candles.latest(eventPair).map(c -> c.orElseThrow(
                () -> new NotFound("no candle of " + Pairs.toUrl(eventPair) + " is stored yet")));
    }
}
