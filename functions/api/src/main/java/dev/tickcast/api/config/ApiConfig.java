package dev.tickcast.api.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The api's own settings ({@code TICKCAST_API_*}). */
@ConfigMapping(prefix = "tickcast.api")
public interface ApiConfig {
    /** The pairs the api serves, as events write them ({@code BTC/USD}); any other pair is a 400. */
    @WithDefault("BTC/USD,ETH/USD")
    List<String> pairs();

    /**
     * The bearer token of the admin actions ({@code TICKCAST_API_ADMIN_TOKEN}, from a Secret in the cluster).
     * Absent or blank: every admin action is refused with 401; they are never open.
     */
    Optional<String> adminToken();

    /** The topic the WebSocket stream reads and the admin actions write: the broker topic. */
    @WithDefault("knative-broker-tickcast-default")
    String topic();

    /** The WebSocket stream's limits. */
    Stream stream();

    interface Stream {
        /** Open streams in all; one more is closed at once with 1013 (try again later). */
        @WithDefault("1000")
        int maxConnections();

        /** Open streams per client address; one more from that address is closed at once with 1008 (policy violation). */
        @WithDefault("20")
        int maxConnectionsPerClient();
    }
}
