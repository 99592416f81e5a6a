package dev.tickcast.api.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.tickcast.contracts.EventCatalog;

/** What this Tickcast serves: its version and the event types of its contracts. */
@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    /** @param pairs the served pairs in URL form, as the endpoints take them */
    public record Status(String service, String version, List<String> pairs, List<String> eventTypes) {
    }

    @jakarta.inject.Inject
    AllowedPairs pairs;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    @GET
    @Operation(summary = "Service status, the pairs it serves and the event types it knows")
    public Status status() {
        return new Status("tickcast-api", version, pairs.urlForms(), List.copyOf(EventCatalog.all().keySet()));
    }
}
