package dev.tickcast.sentiment.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.tickcast.sentiment.scoring.SentimentPrompt;
import io.quarkiverse.langchain4j.RegisterAiService;

/**
 * The LLM behind any OpenAI-compatible chat-completions endpoint (OpenAI, Azure-style gateways, vLLM, LM Studio,
 * Ollama's /v1), configured under {@code quarkus.langchain4j.openai.openai-api.*}. No chat memory: every headline
 * is rated on its own. The raw answer is returned and validated by {@code LlmAnswerParser}.
 */
@ApplicationScoped
@RegisterAiService(modelName = LlmModels.OPENAI, chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface OpenAiSentimentAnalyst {

    @SystemMessage(SentimentPrompt.SYSTEM)
    @UserMessage(SentimentPrompt.USER)
    Result<String> rate(@V("coins") String coins, @V("headline") String headline, @V("summary") String summary);
}
