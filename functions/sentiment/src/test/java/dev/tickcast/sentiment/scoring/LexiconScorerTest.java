package dev.tickcast.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.news.CoinSentiment;

class LexiconScorerTest {
    private static final LexiconScorer SCORER = LexiconScorer.afinnFinancialMarketNews();
    /** A tiny lexicon whose sums can be checked by hand. */
    private static final LexiconScorer TINY = new LexiconScorer(new Lexicon("tiny",
            Map.of("surge", 2, "crash", -3, "bad luck", -2, "good", 3)));

    @Test
    void theBundledLexiconIsTheWholeNpmPackage() {
        Lexicon lexicon = Lexicon.afinnFinancialMarketNews();
        assertThat(lexicon.size()).isEqualTo(3555);
        assertThat(lexicon.valence("bankruptcy")).hasValue(-3);
        assertThat(lexicon.valence("raises")).hasValue(1);
        assertThat(lexicon.valence("bad luck")).hasValue(-2);
        assertThat(SCORER.name()).isEqualTo("lexicon:afinn-165-financialmarketnews");
    }

    @Test
    void aSumIsSquashedIntoMinusOneToOneByVadersNormalisation() {
        // surge(2) + good(3) = 5 -> 5 / sqrt(25 + 15)
        assertThat(score(TINY, "Surge looks good")).isCloseTo(5 / Math.sqrt(40), within(1e-12));
        assertThat(score(TINY, "crash crash crash crash crash crash crash")).isGreaterThanOrEqualTo(-1).isLessThan(-0.97);
        assertThat(score(TINY, "nothing to see here")).isZero();
    }

    @Test
    void aNegationWithinThreeWordsFlipsTheTerm() {
        assertThat(score(TINY, "no surge")).isCloseTo(-2 / Math.sqrt(19), within(1e-12));
        assertThat(score(TINY, "not a real surge")).isCloseTo(-2 / Math.sqrt(19), within(1e-12));
        // four words back is out of scope
        assertThat(score(TINY, "not one two three surge")).isCloseTo(2 / Math.sqrt(19), within(1e-12));
    }

    @Test
    void intensifiersAndDowntonersScaleTheNextTerm() {
        assertThat(score(TINY, "massive surge")).isCloseTo(3 / Math.sqrt(24), within(1e-12));
        assertThat(score(TINY, "slight surge")).isCloseTo(1 / Math.sqrt(16), within(1e-12));
        assertThat(score(TINY, "not a very good day")).isCloseTo(-4.5 / Math.sqrt(4.5 * 4.5 + 15), within(1e-12));
    }

    @Test
    void multiWordTermsWinOverSingleWords() {
        List<String> found = new java.util.ArrayList<>();
        assertThat(TINY.valence(Tokens.of("Just bad luck"), 1, found)).isEqualTo(-2);
        assertThat(found).containsExactly("bad luck -2");
    }

    @Test
    void theSummaryCountsHalf() {
        List<CoinSentiment> scores = TINY.score("Bitcoin surge", "a crash was feared", List.of("BTC"));
        double sum = 2 - 0.5 * 3;
        assertThat(scores.get(0).score()).isCloseTo(sum / Math.sqrt(sum * sum + 15), within(1e-12));
    }

    @Test
    void everyCoinAskedForGetsTheHeadlineScoreInOrderWithAConfidenceThatGrowsWithEvidence() {
        List<CoinSentiment> scores = SCORER.score("Bitcoin and ether rally to record highs", null, List.of("ETH", "BTC"));
        assertThat(scores).extracting(CoinSentiment::coin).containsExactly("ETH", "BTC");
        assertThat(scores.get(0).score()).isPositive().isEqualTo(scores.get(1).score());
        assertThat(scores.get(0).reasoning()).startsWith("lexicon terms: ").contains("rally");
        CoinSentiment nothing = SCORER.score("Bitcoin node software version 27 released", null, List.of("BTC")).get(0);
        assertThat(nothing.confidence()).isLessThan(scores.get(0).confidence());
        assertThat(SCORER.score("Bitcoin plunges after exchange hack", null, List.of("BTC")).get(0).score()).isNegative();
    }

    @Test
    void coinsAreFoundByTickerNameAndAliasLongestFirst() {
        CoinCatalog catalog = CoinCatalog.defaults();
        assertThat(catalog.detect("$ETH and Solana's fees; XBT flat")).containsExactly("ETH", "SOL", "BTC");
        assertThat(catalog.detect("Bitcoin Cash forks")).containsExactly("BCH");
        assertThat(catalog.detect("Bitcoin rises, bitcoin cash falls")).containsExactly("BTC", "BCH");
        assertThat(catalog.detect("Stocks rally on jobs data")).isEmpty();
        assertThat(CoinCatalog.normalizedTags(List.of("btc", " eth", "BTC", "x", "TOO-LONG-CODE"))).containsExactly("BTC", "ETH");
    }

    private static double score(LexiconScorer scorer, String headline) {
        return scorer.score(headline, null, List.of("BTC")).get(0).score();
    }
}
