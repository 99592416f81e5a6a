package dev.tickcast.registry;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The model registry's bucket: the embedded stack's s3proxy or any S3-compatible endpoint ({@code TICKCAST_S3_*}). */
@ConfigMapping(prefix = "tickcast.s3")
public interface S3Config {
    /** Absent: AWS S3 itself; otherwise path-style requests to this endpoint. */
    Optional<URI> endpoint();

    Optional<String> accessKey();

    Optional<String> secretKey();

    @WithDefault("us-east-1")
    String region();

    @WithDefault("tickcast-models")
    String bucket();
}
