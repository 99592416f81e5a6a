package dev.tickcast.sentiment.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.tickcast.contracts.news.CoinSentiment;
import dev.tickcast.contracts.news.NewsItem;
import dev.tickcast.contracts.news.SentimentScores;
import dev.tickcast.sentiment.client.LlmSentimentClient;
import dev.tickcast.sentiment.config.SentimentConfig;
import dev.tickcast.sentiment.config.SentimentConfig.LlmProvider;
import dev.tickcast.sentiment.repository.SentimentEvents;
import dev.tickcast.sentiment.scoring.CoinCatalog;
import dev.tickcast.sentiment.scoring.LexiconScorer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Scores one news item: the coins it names or is tagged with, rated by the configured LLM, or by the lexicon when
 * no LLM is configured or the LLM failed (then flagged {@code fallback}). The result is stored once per news item;
 * a redelivered item gets the stored result back, not a second (possibly different) LLM answer.
 */
@ApplicationScoped
public class SentimentService {
    private static final Logger LOG = Logger.getLogger(SentimentService.class);

    private final CoinCatalog coins = CoinCatalog.defaults();
    private final LexiconScorer lexicon = LexiconScorer.afinnFinancialMarketNews();

    @Inject
    SentimentConfig config;

    @Inject
    LlmSentimentClient llm;

    @Inject
    SentimentEvents events;

    public Uni<SentimentScores> score(NewsItem item) {
        return events.find(item.id()).flatMap(stored -> stored.isPresent()
                ? Uni.createFrom().item(stored.get())
                : Uni.createFrom().item(() -> scoreNow(item)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .flatMap(scores -> events.store(scores).replaceWith(scores)));
    }

    /** The scores of {@code item} by the configured scorer, without storing them. Blocking: calls the LLM. */
    public SentimentScores scoreNow(NewsItem item) {
        return scoreNow(item, config.llm().provider());
    }

    public SentimentScores scoreNow(NewsItem item, LlmProvider provider) {
        Set<String> named = new LinkedHashSet<>(coins.detect(item.title() + " " + (item.summary() == null ? "" : item.summary())));
        named.addAll(CoinCatalog.normalizedTags(item.currencies()));
        List<String> asked = new ArrayList<>(named);
        if (provider == LlmProvider.NONE || asked.isEmpty()) {
            return scores(item, lexicon.name(), false, lexicon.score(item.title(), item.summary(), asked));
        }
        String scorer = llmScorerName(provider);
        try {
            return scores(item, scorer, false, llm.rate(provider, model(provider), item.title(), item.summary(), asked));
        } catch (RuntimeException e) {
            LOG.warnf("%s failed on news %s, scored by %s instead: %s", scorer, item.id(), lexicon.name(), e.toString());
            return scores(item, lexicon.name(), true, lexicon.score(item.title(), item.summary(), asked));
        }
    }

    public String llmScorerName(LlmProvider provider) {
        return config.llm().scorerName(provider);
    }

    private String model(LlmProvider provider) {
        return config.llm().model(provider);
    }

    private static SentimentScores scores(NewsItem item, String scorer, boolean fallback, List<CoinSentiment> scores) {
        return new SentimentScores(item.id(), item.publishedAt(), scorer, fallback, scores);
    }
}
