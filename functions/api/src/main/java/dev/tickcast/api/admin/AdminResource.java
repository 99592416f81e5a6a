package dev.tickcast.api.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.tickcast.api.events.BrokerPublisher;
import dev.tickcast.api.rest.AllowedPairs;
import dev.tickcast.api.rest.BadRequest;
import dev.tickcast.api.rest.ErrorMappers;
import dev.tickcast.api.security.AdminTokenIdentityProvider;
import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.model.TrainRequested;
import dev.tickcast.registry.ChampionSwitch;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Operator actions on a pair's models: promote any complete version, roll back to one that passed the gate, ask
 * train for a run now. Bearer token only ({@code tickcast.api.admin-token}); without one configured, refused.
 */
@Path("/api/v1/admin/models/{pair}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminTokenIdentityProvider.ROLE)
@Tag(name = "admin")
@SecurityScheme(securitySchemeName = "adminToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "the token in tickcast.api.admin-token (TICKCAST_API_ADMIN_TOKEN)")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "400", description = "a parameter broke its rule (named in the body)",
        content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
@APIResponse(responseCode = "401", description = "no or a wrong bearer token, or no admin token configured")
public class AdminResource {
    public static final String SOURCE = "/tickcast/api";

    /** @param version a version of the pair in the registry, e.g. 20261121T120000000Z */
    public record VersionRequest(String version) {
    }

    /** @param from start of the training data, RFC 3339 (optional); @param to its end (optional) */
    public record TrainRequest(String from, String to) {
    }

    /** What a switch did; {@code eventId} is the model.promoted.v1 sent, absent when nothing changed. */
    public record SwitchResult(String pair, String version, String previousVersion, boolean changed, String eventId) {
    }

    public record TrainAccepted(String pair, String eventId, Instant from, Instant to) {
    }

    @Inject
    AllowedPairs pairs;

    @Inject
    ChampionSwitch championSwitch;

    @Inject
    BrokerPublisher broker;

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("/promote")
    @Operation(summary = "Make a complete version the champion, even one the gate rejected; emits model.promoted.v1")
    @APIResponse(responseCode = "200", description = "switched (or already the champion: changed false)",
            content = @Content(schema = @Schema(implementation = SwitchResult.class)))
    @APIResponse(responseCode = "404", description = "no complete version of that name",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    @APIResponse(responseCode = "409", description = "the champion was switched by somebody else meanwhile",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    public Response promote(@Parameter(description = "pair as BASE-QUOTE, e.g. BTC-USD") @PathParam("pair") String pair,
            VersionRequest body) {
        String eventPair = pairs.check(pair);
        String version = version(body);
        return switched(() -> championSwitch.promote(eventPair, version, "promoted by " + principal(), Instant.now(), SOURCE));
    }

    @POST
    @Path("/rollback")
    @Operation(summary = "Point the champion back at a version that passed the gate; emits model.promoted.v1")
    @APIResponse(responseCode = "200", description = "switched (or already the champion: changed false)",
            content = @Content(schema = @Schema(implementation = SwitchResult.class)))
    @APIResponse(responseCode = "404", description = "no complete version of that name",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    @APIResponse(responseCode = "409", description = "the gate rejected that version, or the champion changed meanwhile",
            content = @Content(schema = @Schema(implementation = ErrorMappers.Error.class)))
    public Response rollback(@Parameter(description = "pair as BASE-QUOTE, e.g. BTC-USD") @PathParam("pair") String pair,
            VersionRequest body) {
        String eventPair = pairs.check(pair);
        String version = version(body);
        return switched(() -> championSwitch.rollback(eventPair, version, Instant.now(), SOURCE));
    }

    @POST
    @Path("/train")
    @Operation(summary = "Ask train for a training run of the pair now (emits train.requested.v1); the gate decides")
    @APIResponse(responseCode = "202", description = "the request is on the broker",
            content = @Content(schema = @Schema(implementation = TrainAccepted.class)))
    public Response train(@Parameter(description = "pair as BASE-QUOTE, e.g. BTC-USD") @PathParam("pair") String pair,
            TrainRequest body) {
        String eventPair = pairs.check(pair);
        Instant from = body == null || body.from() == null ? null : instant("from", body.from());
        Instant to = body == null || body.to() == null ? null : instant("to", body.to());
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BadRequest("from", "from<to", "must be before to (" + to + ")");
        }
        Instant now = Instant.now();
        TrainRequested request = new TrainRequested(eventPair, from, to, now, principal());
        String id = UUID.randomUUID().toString();
        try {
            broker.publish(CloudEventEnvelope.json(id, SOURCE, EventTypes.TRAIN_REQUESTED, eventPair,
                    OffsetDateTime.ofInstant(now, ZoneOffset.UTC), null, Json.mapper().writeValueAsBytes(request)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Response.accepted(new TrainAccepted(eventPair, id, from, to)).build();
    }

    private Response switched(java.util.function.Supplier<ChampionSwitch.Switched> action) {
        ChampionSwitch.Switched switched;
        try {
            switched = action.get();
        } catch (ChampionSwitch.Refused e) {
            boolean missing = e.why() == ChampionSwitch.Refused.Why.NO_SUCH_VERSION;
            return Response.status(missing ? Response.Status.NOT_FOUND : Response.Status.CONFLICT)
                    .entity(new ErrorMappers.Error("version: " + e.getMessage(), "version",
                            missing ? "complete version" : "passed the gate"))
                    .build();
        } catch (ChampionSwitch.ChampionChanged e) {
            return Response.status(Response.Status.CONFLICT)
                    .entity(new ErrorMappers.Error("version: " + e.getMessage(), "version", "champion unchanged meanwhile"))
                    .build();
        }
        switched.event().ifPresent(broker::publish);
        return Response.ok(new SwitchResult(switched.pair(), switched.version(),
                switched.changed() ? switched.previousVersion() : null, switched.changed(),
                switched.event().map(CloudEventEnvelope::id).orElse(null))).build();
    }

    private static String version(VersionRequest body) {
        if (body == null || body.version() == null) {
            throw new BadRequest("version", "required", "the body must be {\"version\": \"...\"}");
        }
        if (!body.version().matches(ChampionSwitch.VERSION_PATTERN)) {
            throw new BadRequest("version", "pattern", "must be 1-64 letters, digits, '.', '_', ':' or '-', got '"
                    + body.version() + "'");
        }
        return body.version();
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequest(field, "format", "must be an RFC 3339 instant such as 2013-11-25T10:00:00Z");
        }
    }

    private String principal() {
        return identity.getPrincipal().getName();
    }
}
