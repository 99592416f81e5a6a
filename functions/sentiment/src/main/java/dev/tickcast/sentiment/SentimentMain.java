package dev.tickcast.sentiment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.inject.Inject;

import dev.tickcast.contracts.news.CoinSentiment;
import dev.tickcast.sentiment.client.LlmSentimentClient;
import dev.tickcast.sentiment.config.SentimentConfig;
import dev.tickcast.sentiment.config.SentimentConfig.LlmProvider;
import dev.tickcast.sentiment.evaluation.SentimentEvaluationMain;
import dev.tickcast.sentiment.scoring.LexiconScorer;
import dev.tickcast.sentiment.scoring.SentimentScorer;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The function's main: serves events until stopped; with the argument {@code eval-sentiment [--file F]} it instead
 * evaluates the offline scorer and, when an LLM provider is configured, the LLM through the very client the
 * function uses (timeouts, retries, validation), prints the figures and exits. {@code ./tickcast eval-sentiment}
 * runs it so.
 */
@QuarkusMain
public class SentimentMain implements QuarkusApplication {
    @Inject
    SentimentConfig config;

    @Inject
    LlmSentimentClient llm;

    public static void main(String... args) {
        Quarkus.run(SentimentMain.class, args);
    }

    @Override
    public int run(String... args) throws Exception {
        if (args.length == 0 || !args[0].equals("eval-sentiment")) {
            Quarkus.waitForExit();
            return 0;
        }
        List<SentimentScorer> scorers = new ArrayList<>();
        scorers.add(LexiconScorer.afinnFinancialMarketNews());
        LlmProvider provider = config.llm().provider();
        if (provider != LlmProvider.NONE) {
            scorers.add(llmScorer(provider));
        } else {
            System.out.println("no LLM provider configured (TICKCAST_SENTIMENT_LLM_PROVIDER=openai|ollama): offline scorer only");
        }
        try {
            SentimentEvaluationMain.run(SentimentEvaluationMain.rows(args), scorers, System.out);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }

    private SentimentScorer llmScorer(LlmProvider provider) {
        String name = config.llm().scorerName(provider);
        String model = config.llm().model(provider);
        return new SentimentScorer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<CoinSentiment> score(String headline, String summary, Collection<String> coins) {
                return llm.rate(provider, model, headline, summary, coins);
            }
        };
    }
}
