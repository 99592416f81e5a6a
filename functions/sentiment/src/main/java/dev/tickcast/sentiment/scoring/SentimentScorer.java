package dev.tickcast.sentiment.scoring;

import java.util.Collection;
import java.util.List;

import dev.tickcast.contracts.news.CoinSentiment;

/** Per-coin sentiment of one headline (and its summary, when there is one): the contract every scorer keeps. */
public interface SentimentScorer {

    /** As events name it: {@code lexicon:afinn-165-financialmarketnews}, {@code llm:openai:gpt-4o-mini}, … */
    String name();

    /**
     * One score per coin in {@code coins}, in that order; scores in [-1, 1], confidences in [0, 1].
     *
     * @throws InvalidLlmAnswerException when a model's answer breaks the contract
     */
    List<CoinSentiment> score(String headline, String summary, Collection<String> coins);
}
