package dev.tickcast.api.status;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One function's health as its own {@code /q/health} reports it (SmallRye Health: overall status and one entry per
 * check), or why it could not be asked.
 *
 * @param restarts how often {@code ./tickcast up}'s supervisor restarted it; null where nobody counts (the cluster:
 *                 ask Kubernetes, {@code kubectl get pods})
 */
@Schema(name = "FunctionHealth")
public record FunctionHealth(String name, String url,
        @Schema(enumeration = { "UP", "DOWN", "UNREACHABLE" }) String status, Integer restarts, List<Check> checks,
        @Schema(description = "why the health could not be read (UNREACHABLE only)") String error) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";
    public static final String UNREACHABLE = "UNREACHABLE";

    /** A health check of the function, with the data it reports ({@code clients}, a lag, …). */
    @Schema(name = "HealthCheck")
    public record Check(String name, String status, Map<String, Object> data) {
    }
}
