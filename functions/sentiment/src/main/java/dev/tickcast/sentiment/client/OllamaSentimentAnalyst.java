package dev.tickcast.sentiment.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.tickcast.sentiment.scoring.SentimentPrompt;
import io.quarkiverse.langchain4j.RegisterAiService;

/** The LLM behind Ollama's native {@code POST /api/chat}; its model comes from {@link OllamaChatModelSupplier}. */
@ApplicationScoped
@RegisterAiService(chatLanguageModelSupplier = OllamaChatModelSupplier.class,
        chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface OllamaSentimentAnalyst {

    @SystemMessage(SentimentPrompt.SYSTEM)
    @UserMessage(SentimentPrompt.USER)
    Result<String> rate(@V("coins") String coins, @V("headline") String headline, @V("summary") String summary);
}
