package dev.tickcast.registry;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 client of the registry: path-style to a configured endpoint (s3proxy, MinIO, …), or AWS S3. */
public class RegistryProducer {

    @Produces
    @Singleton
    S3Client s3(S3Config config) {
        var builder = S3Client.builder()
                .region(Region.of(config.region()))
                .httpClientBuilder(Apache5HttpClient.builder());
        config.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        if (config.accessKey().isPresent() && config.secretKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKey().get(), config.secretKey().get())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    void close(@Disposes S3Client s3) {
        s3.close();
    }

    @Produces
    @Singleton
    ModelRegistry registry(S3Client s3, S3Config config) {
        return new ModelRegistry(s3, config.bucket());
    }

    @Produces
    @Singleton
    ChampionSwitch championSwitch(ModelRegistry registry) {
        return new ChampionSwitch(registry);
    }
}
