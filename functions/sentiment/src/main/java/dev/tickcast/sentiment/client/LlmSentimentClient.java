package dev.tickcast.sentiment.client;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.smallrye.faulttolerance.api.CircuitBreakerName;

import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import dev.tickcast.contracts.news.CoinSentiment;
import dev.tickcast.runtime.telemetry.TickcastMeters;
import dev.tickcast.runtime.telemetry.TickcastMetric;
import dev.tickcast.sentiment.config.SentimentConfig.LlmProvider;
import dev.tickcast.sentiment.scoring.InvalidLlmAnswerException;
import dev.tickcast.sentiment.scoring.LlmAnswerParser;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * One validated LLM rating of a headline. Each attempt is bounded by a timeout; an invalid answer (malformed JSON,
 * a coin not asked for, a score out of range), a timeout or a provider error is retried twice; a provider that keeps
 * failing opens the circuit, so news is scored by the fallback at once instead of waiting on it. Every attempt is
 * timed ({@code tickcast.sentiment.llm.latency}, tagged with its outcome) and its tokens counted
 * ({@code tickcast.sentiment.llm.tokens}, input and output); the same go to OpenTelemetry as
 * {@code tickcast.llm.duration} and {@code tickcast.llm.tokens} (TickcastMetric), which the dashboards read. Fault-tolerance values can be changed by
 * configuration ({@code dev.tickcast.sentiment.client.LlmSentimentClient/rate/Timeout/value}, …).
 */
@ApplicationScoped
public class LlmSentimentClient {
    public static final String LATENCY = "tickcast.sentiment.llm.latency";
    public static final String TOKENS = "tickcast.sentiment.llm.tokens";
    public static final String CIRCUIT = "llm-sentiment";
    private static final Logger LOG = Logger.getLogger(LlmSentimentClient.class);

    @Inject
    Instance<OpenAiSentimentAnalyst> openAi;

    @Inject
    Instance<OllamaSentimentAnalyst> ollama;

    @Inject
    MeterRegistry registry;

    private TickcastMeters.Distribution llmDuration;
    private TickcastMeters.Count llmTokens;

    @Inject
    void instruments(TickcastMeters meters) {
        llmDuration = meters.histogram(TickcastMetric.LLM_DURATION, TickcastMeters.DURATION_BUCKETS);
        llmTokens = meters.counter(TickcastMetric.LLM_TOKENS);
    }

    @Timeout(value = 15, unit = java.time.temporal.ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = CircuitBreakerOpenException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 30_000, successThreshold = 2)
    @CircuitBreakerName(CIRCUIT)
    public List<CoinSentiment> rate(LlmProvider provider, String model, String headline, String summary,
            Collection<String> coins) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            Result<String> result = switch (provider) {
                case OPENAI -> openAi.get().rate(String.join(", ", coins), headline, summary == null ? "" : summary);
                case OLLAMA -> ollama.get().rate(String.join(", ", coins), headline, summary == null ? "" : summary);
                case NONE -> throw new IllegalStateException("no LLM provider is configured");
            };
            countTokens(provider, model, result.tokenUsage());
            outcome = "invalid";
            List<CoinSentiment> scores = LlmAnswerParser.parse(result.content(), coins);
            outcome = "ok";
            return scores;
        } catch (InvalidLlmAnswerException e) {
            LOG.warnf("%s:%s gave an invalid answer for \"%s\": %s", provider.label(), model, headline, e.getMessage());
            throw e;
        } finally {
            Timer.builder(LATENCY).description("LLM sentiment requests, one per attempt")
                    .tags("provider", provider.label(), "model", model, "outcome", outcome)
                    .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            llmDuration.record((System.nanoTime() - start) / 1e9, provider.label(), model, outcome);
        }
    }

    private void countTokens(LlmProvider provider, String model, TokenUsage usage) {
        if (usage == null) {
            return;
        }
        record("input", provider, model, usage.inputTokenCount());
        record("output", provider, model, usage.outputTokenCount());
    }

    private void record(String direction, LlmProvider provider, String model, Integer tokens) {
        if (tokens != null) {
            DistributionSummary.builder(TOKENS).description("tokens per LLM sentiment request").baseUnit("tokens")
                    .tags("provider", provider.label(), "model", model, "direction", direction)
                    .register(registry).record(tokens);
            llmTokens.add(tokens, provider.label(), model, direction);
        }
    }
}
