package dev.tickcast.sentiment.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.news.CoinSentiment;
import dev.tickcast.contracts.news.SentimentScores;
import dev.tickcast.runtime.testing.StackTestResource;
import dev.tickcast.sentiment.client.MockLlmResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code sentiment_features_at}: decayed sums and counts as of t, from events published at or before t only. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockLlmResource.class, scope = TestResourceScope.GLOBAL)
class SentimentFeaturesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String LEXICON = "lexicon:afinn-165-financialmarketnews";

    @Inject
    SentimentEvents events;

    @Test
    void valuesMatchTheDefinitionByHand() {
        String coin = "FA1";
        store("fa1-a", coin, T0, 0.8, 0.5, LEXICON, false);                      // weighted 0.4
        store("fa1-b", coin, T0.plusSeconds(1800), -0.6, 1.0, LEXICON, false);   // weighted -0.6
        Instant t = T0.plusSeconds(3600);

        SentimentFeatures f = events.asOfEach(coin, List.of(t)).await().atMost(WAIT).get(0);

        assertThat(f.at()).isEqualTo(t);
        assertThat(f.sentiment1h()).isCloseTo(0.4 * 0.5 - 0.6 * Math.pow(0.5, 0.5), within(1e-9));
        assertThat(f.sentiment6h()).isCloseTo(0.4 * Math.pow(0.5, 1 / 6.0) - 0.6 * Math.pow(0.5, 0.5 / 6), within(1e-9));
        // the first item is exactly 1 h old: outside (t - 1 h, t]
        assertThat(f.newsCount1h()).isEqualTo(1);
        assertThat(f.newsCount6h()).isEqualTo(2);
    }

    @Test
    void aNewsItemCountsOncePreferringANonFallbackScore() {
        String coin = "FA2";
        store("fa2-a", coin, T0, -0.5, 1.0, LEXICON, true);
        store("fa2-a", coin, T0, 0.9, 1.0, "llm:openai:gpt-4o-mini", false);

        SentimentFeatures f = events.asOfEach(coin, List.of(T0)).await().atMost(WAIT).get(0);

        assertThat(f.newsCount1h()).isEqualTo(1);
        assertThat(f.sentiment1h()).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void anAsOfReadNeverUsesAnEventPublishedAfterT() {
        String coin = "FA3";
        Random random = new Random(7);
        List<Instant> published = new ArrayList<>();
        List<Double> weighted = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Instant at = T0.plusSeconds(random.nextInt(12 * 3600));
            double score = Math.round((random.nextDouble() * 2 - 1) * 1000) / 1000.0;
            store("fa3-" + i, coin, at, score, 1.0, LEXICON, false);
            published.add(at);
            weighted.add(score);
        }
        // another coin's news in the same hours must never count
        store("fa3-other", "FA4", T0.plusSeconds(3600), 1.0, 1.0, LEXICON, false);
        List<Instant> probes = new ArrayList<>(published);         // exactly on an event
        published.forEach(p -> probes.add(p.minusMillis(1)));      // just before it
        for (int i = 0; i < 100; i++) {
            probes.add(T0.plusSeconds(random.nextInt(14 * 3600) - 3600));
        }

        List<SentimentFeatures> features = events.asOfEach(coin, probes).await().atMost(WAIT);

        assertThat(features).hasSize(probes.size());
        for (int i = 0; i < probes.size(); i++) {
            Instant t = probes.get(i);
            double expected1h = 0;
            double expected6h = 0;
            long count1h = 0;
            long count6h = 0;
            for (int e = 0; e < published.size(); e++) {
                Instant p = published.get(e);
                if (p.isAfter(t)) {
                    continue;
                }
                double ageHours = Duration.between(p, t).toMillis() / 3_600_000.0;
                expected1h += weighted.get(e) * Math.pow(0.5, ageHours);
                expected6h += weighted.get(e) * Math.pow(0.5, ageHours / 6);
                count1h += ageHours < 1 ? 1 : 0;
                count6h += ageHours < 6 ? 1 : 0;
            }
            SentimentFeatures f = features.get(i);
            assertThat(f.at()).isEqualTo(t);
            assertThat(f.sentiment1h()).as("sentiment_1h at %s", t).isCloseTo(expected1h, within(1e-9));
            assertThat(f.sentiment6h()).as("sentiment_6h at %s", t).isCloseTo(expected6h, within(1e-9));
            assertThat(f.newsCount1h()).as("news_count_1h at %s", t).isEqualTo(count1h);
            assertThat(f.newsCount6h()).as("news_count_6h at %s", t).isEqualTo(count6h);
        }
        SentimentFeatures beforeAll = events.asOfEach(coin, List.of(T0.minusMillis(1))).await().atMost(WAIT).get(0);
        assertThat(beforeAll.newsCount6h()).isZero();
        assertThat(beforeAll.sentiment6h()).isZero();
    }

    private void store(String newsId, String coin, Instant published, double score, double confidence, String scorer,
            boolean fallback) {
        events.store(new SentimentScores(newsId, published, scorer, fallback,
                List.of(new CoinSentiment(coin, score, confidence, "test")))).await().atMost(WAIT);
    }
}
