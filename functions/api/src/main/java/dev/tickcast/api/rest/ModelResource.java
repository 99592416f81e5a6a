package dev.tickcast.api.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tickcast.api.repository.ModelRepository;
import dev.tickcast.contracts.Pairs;
import io.smallrye.common.annotation.Blocking;

/** Which model serves a pair: the registry's champion pointer (the dashboard shows it). */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelResource {
    @Inject
    ModelRepository models;

    @Inject
    AllowedPairs pairs;

    @GET
    @Path("/{pair}/champion")
    @Blocking
    @Operation(summary = "The champion of a pair: version, kind (persistence until a trained model beats it, linear, "
            + "xgboost), when and why it was switched to")
    @APIResponse(responseCode = "200", description = "the champion",
            content = @Content(schema = @Schema(implementation = ModelRepository.Champion.class)))
    @APIResponse(responseCode = "400", description = "the pair is malformed or not served",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    @APIResponse(responseCode = "404", description = "the pair has no champion yet (no feature row past its warm-up)",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    public ModelRepository.Champion champion(
            @Parameter(description = "pair as BASE-QUOTE, one of tickcast.api.pairs, e.g. BTC-USD") @PathParam("pair") String pair) {
        String eventPair = pairs.check(pair);
        return models.champion(eventPair).orElseThrow(() -> new NotFound("no champion of " + Pairs.toUrl(eventPair)
                + " yet: train registers the persistence baseline once the pair has a feature row past its warm-up"));
    }
}
