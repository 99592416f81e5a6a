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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tickcast.api.repository.EvaluationRepository;
import dev.tickcast.api.repository.EvaluationRepository.ErrorSummary;
import io.smallrye.mutiny.Uni;

/** How the predictions fared: error figures over a window, overall and per model version. */
@Path("/api/v1/evaluations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "evaluations")
public class EvaluationResource {
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_WINDOW = Duration.ofDays(30);

    /**
     * @param overall  every evaluation in the window
     * @param versions the same per model version, by version
     */
    public record Summary(String pair, String window, Instant from, Instant to, ErrorSummary overall,
            List<ErrorSummary> versions) {
    }

    @Inject
    EvaluationRepository evaluations;

    @Inject
    AllowedPairs pairs;

    @GET
    @Path("/{pair}/summary")
    @Operation(summary = "Error of the predictions whose target time fell in [to - window, to): count, MAE, MAPE, "
            + "persistence MAE, skill = 1 - MAE/persistence MAE, direction accuracy; overall and per model version")
    @APIResponse(responseCode = "200", description = "the summary; an empty window has count 0 and null figures",
            content = @Content(schema = @Schema(implementation = Summary.class)))
    @APIResponse(responseCode = "400", description = "a parameter broke its rule (named in the body)",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    public Uni<Summary> summary(
            @Parameter(description = "pair as BASE-QUOTE, one of tickcast.api.pairs, e.g. BTC-USD") @PathParam("pair") String pair,
            @Parameter(description = "a whole number and m, h or d, from 1m to 30d, e.g. 1h, 24h, 7d; default 24h") @QueryParam("window") String window,
            @Parameter(description = "end of the window (exclusive), RFC 3339 (years 0001 to 9999); default: just after the pair's newest evaluated target time (event time)") @QueryParam("to") String to) {
        String eventPair = pairs.check(pair);
        Duration length = RequestParameters.window(window, DEFAULT_WINDOW, MIN_WINDOW, MAX_WINDOW);
        Instant end = to == null ? null : RequestParameters.instant("to", to);
        String label = window == null ? "24h" : window;
        return (end != null ? Uni.createFrom().item(Optional.<Instant> empty()) : evaluations.newest(eventPair))
                .map(newest -> TimeRange.of(null, end, newest, length, length))
                .chain(range -> evaluations.summary(eventPair, range.from(), range.to()).map(rows -> new Summary(
                        eventPair, label, range.from(), range.to(), rows.get(0), rows.subList(1, rows.size()))));
    }
}
