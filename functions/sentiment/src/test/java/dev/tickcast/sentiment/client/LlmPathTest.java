package dev.tickcast.sentiment.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.tickcast.contracts.news.CoinSentiment;
import dev.tickcast.contracts.news.NewsItem;
import dev.tickcast.contracts.news.SentimentScores;
import dev.tickcast.runtime.testing.StackTestResource;
import dev.tickcast.sentiment.config.SentimentConfig.LlmProvider;
import dev.tickcast.sentiment.scoring.LexiconScorer;
import dev.tickcast.sentiment.service.SentimentService;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The LLM path end to end (AI service → HTTP → validation → retries → fallback) against a local server speaking the
 * OpenAI chat-completions and Ollama wire formats, for both providers.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockLlmResource.class, scope = TestResourceScope.GLOBAL)
class LlmPathTest {
    private static final LexiconScorer LEXICON = LexiconScorer.afinnFinancialMarketNews();

    @Inject
    SentimentService service;

    @Inject
    MeterRegistry registry;

    @Inject
    CircuitBreakerMaintenance circuits;

    @BeforeEach
    @AfterEach
    void closeTheCircuit() {
        circuits.reset(LlmSentimentClient.CIRCUIT);
    }

    @Test
    void aProviderThatKeepsFailingOpensTheCircuitAndNewsIsScoredByTheFallbackAtOnce() {
        LlmProvider provider = LlmProvider.OPENAI;
        // 3 items x 3 attempts: the 8th failed attempt in a row opens the circuit (test config: 8, ratio 1.0)
        for (int i = 0; i < 3; i++) {
            assertThat(service.scoreNow(createNewsItem("cb-" + i, "Bitcoin dips [malformed] circuit " + i), provider)
                    .fallback()).isTrue();
        }
        assertThat(circuits.currentState(LlmSentimentClient.CIRCUIT)).isEqualTo(CircuitBreakerState.OPEN);
        assertThat(mock().requests(path(provider), "[malformed] circuit 2")).isEqualTo(2);
        NewsItem good = createNewsItem("cb-good", "Bitcoin rallies while the circuit is open");

        SentimentScores scores = service.scoreNow(good, provider);

        assertThat(scores.fallback()).isTrue();
        assertThat(scores.scorer()).isEqualTo("lexicon:afinn-165-financialmarketnews");
        assertThat(mock().requests(path(provider), good.title())).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = LlmProvider.class, names = { "OPENAI", "OLLAMA" })
    void aGoodAnswerBecomesTheScoresOfEveryCoinNamed(LlmProvider provider) {
        NewsItem item = createNewsItem(provider + "-good", "Bitcoin and Solana rally as ETF demand grows " + provider);
        long latencyBefore = latencyCount(provider, "ok");
        double inputTokensBefore = tokens(provider, "input");

        SentimentScores scores = service.scoreNow(item, provider);

        assertThat(scores.fallback()).isFalse();
        assertThat(scores.scorer()).isEqualTo(service.llmScorerName(provider))
                .isEqualTo(provider == LlmProvider.OPENAI ? "llm:openai:gpt-4o-mini" : "llm:ollama:llama3.2");
        assertThat(scores.scores()).extracting(CoinSentiment::coin).containsExactly("BTC", "SOL");
        assertThat(scores.scores()).allSatisfy(s -> {
            assertThat(s.score()).isEqualTo(MockLlmServer.GOOD_SCORE);
            assertThat(s.confidence()).isEqualTo(0.9);
            assertThat(s.reasoning()).isEqualTo("mock rating");
        });
        assertThat(mock().requests(path(provider), item.title())).isEqualTo(1);
        assertThat(latencyCount(provider, "ok")).isEqualTo(latencyBefore + 1);
        assertThat(tokens(provider, "input") - inputTokensBefore).isEqualTo(MockLlmServer.PROMPT_TOKENS);
        // the requests are pretty-printed JSON: compare tokens, not layout
        String request = lastRequestFor(item.title());
        assertThat(request).containsPattern("\"role\"\\s*:\\s*\"system\"\\s*,\\s*\"content\"\\s*:\\s*\"You rate crypto market news")
                .contains("Answer with JSON only, no prose", "{\\\"scores\\\":[{\\\"coin\\\":\\\"BTC\\\"",
                        "Coins: BTC, SOL\\nHeadline: " + item.title())
                .containsPattern("\"role\"\\s*:\\s*\"user\"");
        if (provider == LlmProvider.OLLAMA) {
            assertThat(request).containsPattern("\"format\"\\s*:\\s*\"json\"").containsPattern("\"stream\"\\s*:\\s*false")
                    .containsPattern("\"model\"\\s*:\\s*\"llama3.2\"");
        } else {
            assertThat(request).containsPattern("\"response_format\"\\s*:\\s*\\{\\s*\"type\"\\s*:\\s*\"json_object\"")
                    .containsPattern("\"model\"\\s*:\\s*\"gpt-4o-mini\"");
        }
    }

    @ParameterizedTest
    @EnumSource(value = LlmProvider.class, names = { "OPENAI", "OLLAMA" })
    void malformedJsonIsRetriedThenTheLexiconScoresItFlaggedAsFallback(LlmProvider provider) {
        assertFallsBackAfterThreeAttempts(provider, "Bitcoin price surges [malformed] " + provider, "invalid");
    }

    @ParameterizedTest
    @EnumSource(value = LlmProvider.class, names = { "OPENAI", "OLLAMA" })
    void anOutOfRangeScoreIsRetriedThenFallsBack(LlmProvider provider) {
        assertFallsBackAfterThreeAttempts(provider, "Bitcoin crashes [out-of-range] " + provider, "invalid");
    }

    @ParameterizedTest
    @EnumSource(value = LlmProvider.class, names = { "OPENAI", "OLLAMA" })
    void anUnknownCoinIsRetriedThenFallsBack(LlmProvider provider) {
        assertFallsBackAfterThreeAttempts(provider, "Ethereum upgrade goes live [unknown-coin] " + provider, "invalid");
    }

    @ParameterizedTest
    @EnumSource(value = LlmProvider.class, names = { "OPENAI", "OLLAMA" })
    void aTimeoutIsRetriedThenFallsBack(LlmProvider provider) {
        assertFallsBackAfterThreeAttempts(provider, "Bitcoin holds steady [slow] " + provider, "error");
    }

    @ParameterizedTest
    @EnumSource(value = LlmProvider.class, names = { "OPENAI", "OLLAMA" })
    void oneBadAnswerThenAGoodOneIsNotAFallback(LlmProvider provider) {
        NewsItem item = createNewsItem(provider + "-flaky", "Bitcoin gains [flaky] " + provider);

        SentimentScores scores = service.scoreNow(item, provider);

        assertThat(scores.fallback()).isFalse();
        assertThat(scores.scorer()).startsWith("llm:" + provider.label());
        assertThat(scores.scores()).extracting(CoinSentiment::score).containsExactly(MockLlmServer.GOOD_SCORE);
        assertThat(mock().requests(path(provider), item.title())).isEqualTo(2);
    }

    private void assertFallsBackAfterThreeAttempts(LlmProvider provider, String headline, String outcome) {
        NewsItem item = createNewsItem(provider + "-" + headline.hashCode(), headline);
        long failuresBefore = latencyCount(provider, outcome);
        long started = System.nanoTime();

        SentimentScores scores = service.scoreNow(item, provider);

        double seconds = (System.nanoTime() - started) / 1e9;
        List<CoinSentiment> expected = LEXICON.score(headline, null, List.of(scores.scores().get(0).coin()));
        assertThat(scores.fallback()).isTrue();
        assertThat(scores.scorer()).isEqualTo("lexicon:afinn-165-financialmarketnews");
        assertThat(scores.scores()).isEqualTo(expected);
        assertThat(scores.newsId()).isEqualTo(item.id());
        // three attempts by the fault-tolerance layer, each timed
        assertThat(latencyCount(provider, outcome) - failuresBefore).isEqualTo(3);
        if (outcome.equals("error") && provider == LlmProvider.OPENAI) {
            // quarkus-langchain4j-openai insists on max-retries >= 1, so its client retries a timed-out request
            // once inside each attempt: 3 to 6 HTTP requests
            assertThat(mock().requests(path(provider), headline)).isBetween(3, 6);
        } else {
            assertThat(mock().requests(path(provider), headline)).isEqualTo(3);
        }
        if (outcome.equals("error")) {
            // three attempts cut by the 2 s HTTP timeout and the 3 s attempt timeout, not three full 8 s answers
            assertThat(seconds).isLessThan(15);
        }
    }

    private long latencyCount(LlmProvider provider, String outcome) {
        Timer timer = registry.find(LlmSentimentClient.LATENCY).tags("provider", provider.label(), "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private double tokens(LlmProvider provider, String direction) {
        DistributionSummary summary = registry.find(LlmSentimentClient.TOKENS)
                .tags("provider", provider.label(), "direction", direction).summary();
        return summary == null ? 0 : summary.totalAmount();
    }

    private static String lastRequestFor(String headline) {
        List<String> bodies = mock().bodies();
        for (int i = bodies.size() - 1; i >= 0; i--) {
            if (bodies.get(i).contains(headline)) {
                return bodies.get(i);
            }
        }
        throw new AssertionError("no request carried " + headline);
    }

    private static MockLlmServer mock() {
        return MockLlmResource.server();
    }

    private static String path(LlmProvider provider) {
        return provider == LlmProvider.OPENAI ? "/v1/chat/completions" : "/api/chat";
    }

    static NewsItem createNewsItem(String id, String title) {
        return new NewsItem(id, "test", "https://example.org/" + id, title, null,
                Instant.parse("2026-11-21T10:00:00Z"), List.of());
    }
}
