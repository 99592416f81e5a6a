package dev.tickcast.api.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.tickcast.api.status.FunctionHealth;
import dev.tickcast.api.status.FunctionHealthProbe;
import dev.tickcast.contracts.EventCatalog;
import io.smallrye.mutiny.Uni;

/** What this Tickcast serves: its version, the event types of its contracts and the health of each function. */
@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    /**
     * @param pairs     the served pairs in URL form, as the endpoints take them
     * @param functions each function's health, as its {@code /q/health} says ({@link FunctionHealthProbe})
     */
    public record Status(String service, String version, List<String> pairs, List<String> eventTypes,
            List<FunctionHealth> functions) {
    }

    @jakarta.inject.Inject
    AllowedPairs pairs;

    @jakarta.inject.Inject
    FunctionHealthProbe health;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    @GET
    @Operation(summary = "Service status, the pairs it serves, the event types it knows and each function's health "
            + "(UP, DOWN or UNREACHABLE, its checks, restarts where ./tickcast up counts them)")
    public Uni<Status> status() {
        return health.all().map(functions -> new Status("tickcast-api", version, pairs.urlForms(),
                List.copyOf(EventCatalog.all().keySet()), functions));
    }
}
