package dev.tickcast.sentiment.client;

/** Names of the configured chat models ({@code quarkus.langchain4j.<name>.chat-model.provider}). */
final class LlmModels {
    static final String OPENAI = "openai-api";

    private LlmModels() {
    }
}
