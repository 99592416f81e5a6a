package dev.tickcast.sentiment.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tickcast.sentiment.*}: which scorer is live. With no LLM provider, the offline lexicon scorer is. */
@ConfigMapping(prefix = "tickcast.sentiment")
public interface SentimentConfig {

    Llm llm();

    interface Llm {
        /** {@code none} (the offline scorer), {@code openai} (any OpenAI-compatible endpoint) or {@code ollama}. */
        @WithDefault("none")
        LlmProvider provider();

        /** The model name the provider knows; also part of the scorer's name ({@code llm:openai:<model>}). */
        Optional<String> model();

        /** The model of {@code provider}: the configured one or the provider's default. */
        default String model(LlmProvider provider) {
            return model().orElse(provider.defaultModel());
        }

        /** The scorer's name in events: {@code llm:<provider>:<model>}. */
        default String scorerName(LlmProvider provider) {
            return "llm:" + provider.label() + ":" + model(provider);
        }

        /** The provider's base URL: {@code https://api.openai.com/v1/}, {@code http://localhost:11434}, … */
        Optional<String> baseUrl();

        /** How long one HTTP request to the provider may take (fault tolerance adds its own timeout per attempt). */
        @WithDefault("12s")
        Duration timeout();
    }

    enum LlmProvider {
        NONE, OPENAI, OLLAMA;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The model used when {@code tickcast.sentiment.llm.model} is not set. */
        public String defaultModel() {
            return this == OLLAMA ? "llama3.2" : "gpt-4o-mini";
        }
    }
}
