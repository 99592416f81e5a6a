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

import dev.tickcast.api.repository.SignalRepository;
import dev.tickcast.contracts.model.TradingSignal;
import io.smallrye.mutiny.Uni;

/** The trading signals predict derived from its predictions. */
@Path("/api/v1/signals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "signals")
public class SignalResource {
    static final Duration MAX_RANGE = Duration.ofDays(7);
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    @Inject
    SignalRepository signals;

    @Inject
    AllowedPairs pairs;

    @GET
    @Path("/{pair}")
    @Operation(summary = "Buy / sell / hold signals of a pair with from <= time < to, oldest first")
    @APIResponse(responseCode = "200", description = "the signals, at most limit",
            content = @Content(schema = @Schema(implementation = TradingSignal.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "a parameter broke its rule (named in the body)",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    public Uni<List<TradingSignal>> range(
            @Parameter(description = "pair as BASE-QUOTE, one of tickcast.api.pairs, e.g. BTC-USD") @PathParam("pair") String pair,
            @Parameter(description = "inclusive start, RFC 3339 (years 0001 to 9999); default: one hour before to") @QueryParam("from") String from,
            @Parameter(description = "exclusive end, RFC 3339 (years 0001 to 9999); default: just after the pair's newest one (event time), at most 7 days after from") @QueryParam("to") String to,
            @Parameter(description = "at most this many, 1 to 5000; default 500", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "5000")) @QueryParam("limit") String limit) {
        String eventPair = pairs.check(pair);
        Instant start = from == null ? null : RequestParameters.instant("from", from);
        Instant end = to == null ? null : RequestParameters.instant("to", to);
        int max = RequestParameters.limit(limit, PredictionResource.DEFAULT_LIMIT, PredictionResource.MAX_LIMIT);
        return (end != null ? Uni.createFrom().item(Optional.<Instant> empty()) : signals.newest(eventPair))
                .map(newest -> TimeRange.of(start, end, newest, DEFAULT_RANGE, MAX_RANGE))
                .chain(range -> range.isEmpty() ? Uni.createFrom().item(List.<TradingSignal> of())
                        : signals.range(eventPair, range.from(), range.to(), max));
    }
}
