package dev.tickcast.runtime.testing;

import java.util.HashMap;
import java.util.Map;

import dev.tickcast.stack.EmbeddedStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} app at the embedded stack: real Kafka, PostgreSQL and S3, started once per test
 * JVM and shared by every test class (the stack's own shutdown hook stops it when the JVM ends).
 */
public class StackTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        // OpenTelemetry stays off (no OTLP endpoint: OffWithoutCollector) unless a test turns it on
        return new HashMap<>(EmbeddedStack.shared().quarkusProperties());
    }

    @Override
    public void stop() {
        // shared across test classes and modules' apps in this JVM; closed at JVM exit
    }
}
