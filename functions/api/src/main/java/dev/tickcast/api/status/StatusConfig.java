package dev.tickcast.api.status;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * What {@code GET /api/v1/status} reports on ({@code TICKCAST_API_*}, beside {@code ApiConfig}'s settings under the
 * same prefix).
 */
@ConfigMapping(prefix = "tickcast.api")
public interface StatusConfig {
    /**
     * The functions to report, {@code name=url,…} ({@code TICKCAST_API_FUNCTIONS}): the launcher's local ports, or the
     * Knative services' URLs in the cluster. Absent: no function is reported.
     */
    Optional<String> functions();

    /** Where {@code ./tickcast up}'s supervisor keeps each function's restart count ({@code TICKCAST_API_RESTARTS_FILE}). */
    Optional<String> restartsFile();
}
