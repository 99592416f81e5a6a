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

import dev.tickcast.api.repository.ModelRepository;
import dev.tickcast.api.repository.PredictionRepository;
import dev.tickcast.contracts.Pairs;
import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.registry.ModelKind;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The predictions predict stored: the newest, and those of a time range. */
@Path("/api/v1/predictions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "predictions")
public class PredictionResource {
    static final Duration MAX_RANGE = Duration.ofDays(7);
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 5000;

    @Inject
    PredictionRepository predictions;

    @Inject
    AllowedPairs pairs;

    @Inject
    ModelRepository models;

    @GET
    @Path("/{pair}/latest")
    @Operation(summary = "The newest prediction of a pair (made from its newest feature row), with the version and "
            + "kind (persistence, linear, xgboost) of the model that made it")
    @APIResponse(responseCode = "200", description = "the prediction",
            content = @Content(schema = @Schema(implementation = ServedPrediction.class)))
    @APIResponse(responseCode = "400", description = "the pair is malformed or not served",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    @APIResponse(responseCode = "404", description = "no prediction of this pair is stored yet",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    public Uni<ServedPrediction> latest(
            @Parameter(description = "pair as BASE-QUOTE, one of tickcast.api.pairs, e.g. BTC-USD") @PathParam("pair") String pair) {
        String eventPair = pairs.check(pair);
        return predictions.latest(eventPair).map(p -> p.orElseThrow(() -> new NotFound(
                "no prediction of " + Pairs.toUrl(eventPair) + " is stored yet: predict writes one per feature row "
                        + "once the pair has feature rows past their warm-up (the persistence baseline serves first)")))
                .chain(p -> {
                    Optional<ModelKind> known = models.knownKind(eventPair, p.modelVersion());
                    if (known.isPresent()) {
                        return Uni.createFrom().item(ServedPrediction.of(p, known.get().label()));
                    }
                    // the registry (S3) is blocking: a worker thread, once per model version
                    return Uni.createFrom().item(() -> ServedPrediction.of(p,
                            models.kind(eventPair, p.modelVersion()).map(ModelKind::label).orElse(null)))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
                });
    }

    @GET
    @Path("/{pair}")
    @Operation(summary = "Predictions of a pair made from feature rows with from <= time < to, oldest first")
    @APIResponse(responseCode = "200", description = "the predictions, at most limit",
            content = @Content(schema = @Schema(implementation = Prediction.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "a parameter broke its rule (named in the body)",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    public Uni<List<Prediction>> range(
            @Parameter(description = "pair as BASE-QUOTE, one of tickcast.api.pairs, e.g. BTC-USD") @PathParam("pair") String pair,
            @Parameter(description = "inclusive start (of the feature row's time), RFC 3339 (years 0001 to 9999); default: one hour before to") @QueryParam("from") String from,
            @Parameter(description = "exclusive end, RFC 3339 (years 0001 to 9999); default: just after the pair's newest one (event time), at most 7 days after from") @QueryParam("to") String to,
            @Parameter(description = "at most this many, 1 to 5000; default 500", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER, minimum = "1", maximum = "5000")) @QueryParam("limit") String limit) {
        String eventPair = pairs.check(pair);
        Instant start = from == null ? null : RequestParameters.instant("from", from);
        Instant end = to == null ? null : RequestParameters.instant("to", to);
        int max = RequestParameters.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        return (end != null ? Uni.createFrom().item(Optional.<Instant> empty()) : predictions.newest(eventPair))
                .map(newest -> TimeRange.of(start, end, newest, DEFAULT_RANGE, MAX_RANGE))
                .chain(range -> range.isEmpty() ? Uni.createFrom().item(List.<Prediction> of())
                        : predictions.range(eventPair, range.from(), range.to(), max));
    }
}
