package dev.tickcast.launcher;

import dev.tickcast.stack.StackConfig;
import picocli.CommandLine.Option;

/** Where the local stack keeps its state and listens. Any part can be an external server through TICKCAST_* variables. */
class StackOptions {
    @Option(names = "--kafka-port", defaultValue = "" + UpCommand.DEFAULT_KAFKA_PORT, description = "embedded Kafka port (default ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--db-port", defaultValue = "15432", description = "embedded PostgreSQL port (default ${DEFAULT-VALUE})")
    int dbPort;

    @Option(names = "--s3-port", defaultValue = "19000", description = "embedded S3 port (default ${DEFAULT-VALUE})")
    int s3Port;

    StackConfig config() {
        return StackConfig.fromEnvironment().toBuilder()
                .dataDir(Tickcast.root().resolve(".tickcast/data"))
                .kafkaPort(kafkaPort)
                .postgresPort(dbPort)
                .s3Port(s3Port)
                .build();
    }
}
