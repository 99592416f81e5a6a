package dev.tickcast.sentiment.client;

import java.time.Duration;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.ollama.OllamaChatModel;

/**
 * Ollama through langchain4j's own client (quarkus-langchain4j-ollama 1.10.0 cannot be resolved from the reachable
 * Maven mirror; see the module README). JSON mode on, no client-side retries: retries, timeouts and the circuit
 * breaker are the fault-tolerance layer's job, in one place for both providers.
 */
public class OllamaChatModelSupplier implements Supplier<ChatModel> {
    @Override
    public ChatModel get() {
        Config config = ConfigProvider.getConfig();
        return OllamaChatModel.builder()
                .baseUrl(config.getOptionalValue("tickcast.sentiment.llm.base-url", String.class).orElse("http://localhost:11434"))
                .modelName(config.getOptionalValue("tickcast.sentiment.llm.model", String.class).orElse("llama3.2"))
                .timeout(config.getOptionalValue("tickcast.sentiment.llm.timeout", Duration.class).orElse(Duration.ofSeconds(12)))
                .responseFormat(ResponseFormat.JSON)
                .temperature(0.0)
                .maxRetries(0)
                .build();
    }
}
