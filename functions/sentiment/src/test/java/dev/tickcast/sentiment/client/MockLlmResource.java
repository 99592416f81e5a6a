package dev.tickcast.sentiment.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts {@link MockLlmServer} once per test JVM and points both providers at it (the function itself stays offline). */
public class MockLlmResource implements QuarkusTestResourceLifecycleManager {
    private static MockLlmServer server;

    public static synchronized MockLlmServer server() {
        if (server == null) {
            try {
                server = new MockLlmServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        String base = server().baseUrl();
        return Map.of("quarkus.langchain4j.openai.openai-api.base-url", base + "/v1/",
                "tickcast.sentiment.llm.base-url", base);
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM
    }
}
