package dev.tickcast.sentiment.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.news.CoinSentiment;
import dev.tickcast.sentiment.scoring.CoinCatalog;
import dev.tickcast.sentiment.scoring.LexiconScorer;
import dev.tickcast.sentiment.scoring.SentimentScorer;

import static dev.tickcast.sentiment.evaluation.Label.NEGATIVE;
import static dev.tickcast.sentiment.evaluation.Label.NEUTRAL;
import static dev.tickcast.sentiment.evaluation.Label.POSITIVE;

class EvaluationTest {

    @Test
    void theGoldenSetHasAtLeast150BalancedRowsOfKnownCoins() {
        List<LabeledHeadline> rows = GoldenSet.bundled();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(150);
        Map<Label, Long> byLabel = rows.stream().collect(Collectors.groupingBy(LabeledHeadline::label, Collectors.counting()));
        assertThat(byLabel.values()).allSatisfy(n -> assertThat(n).isBetween(rows.size() / 3L - 5, rows.size() / 3L + 5));
        Map<String, Long> byCoin = rows.stream().collect(Collectors.groupingBy(LabeledHeadline::coin, Collectors.counting()));
        assertThat(byCoin.keySet()).contains("BTC", "ETH", "SOL", "XRP", "ADA", "DOGE", "LTC");
        assertThat(byCoin.get("BTC")).isLessThan(rows.size() / 3);
        assertThat(byCoin.keySet()).allSatisfy(coin -> assertThat(CoinCatalog.defaults().knows(coin)).isTrue());
        assertThat(rows).allSatisfy(row -> assertThat(row.score()).isPresent());
        assertThat(rows).allSatisfy(row -> assertThat(Label.of(row.score().getAsDouble()) == row.label()
                || row.label() == NEUTRAL && Math.abs(row.score().getAsDouble()) <= 0.1).isTrue());
    }

    @Test
    void theOfflineScorersFiguresOnTheGoldenSet() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<Evaluation> evaluations = SentimentEvaluationMain.run(GoldenSet.bundled(),
                List.of(LexiconScorer.afinnFinancialMarketNews()), new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String report = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(report);

        Evaluation lexicon = evaluations.get(0);
        assertThat(lexicon.scorer()).isEqualTo("lexicon:afinn-165-financialmarketnews");
        assertThat(lexicon.rows()).isEqualTo(GoldenSet.bundled().size());
        assertThat(lexicon.failures()).isEmpty();
        // better than always answering the majority label (about 1/3 here), far from perfect
        assertThat(lexicon.accuracy()).isBetween(0.4, 0.95);
        assertThat(lexicon.macroF1()).isBetween(0.35, 0.95);
        assertThat(lexicon.scoreMae()).isPresent();
        assertThat(report).contains("accuracy", "macro-F1", "score MAE", lexicon.scorer());
    }

    @Test
    void figuresAreComputedAsDefined() {
        // truth P P N N U U ; predicted P N N N U P -> accuracy 4/6
        List<Label> truth = List.of(POSITIVE, POSITIVE, NEGATIVE, NEGATIVE, NEUTRAL, NEUTRAL);
        List<Label> predicted = List.of(POSITIVE, NEGATIVE, NEGATIVE, NEGATIVE, NEUTRAL, POSITIVE);
        Evaluation e = Evaluation.of("hand", truth, predicted, OptionalDouble.empty(), 0, List.of());
        // P: precision 1/2 recall 1/2 F1 .5; N: precision 2/3 recall 1 F1 .8; U: precision 1 recall 1/2 F1 2/3
        assertThat(e.accuracy()).isCloseTo(4 / 6.0, within(1e-12));
        assertThat(e.macroF1()).isCloseTo((0.5 + 0.8 + 2 / 3.0) / 3, within(1e-12));
        assertThat(e.confusion().get(NEUTRAL).get(POSITIVE)).isEqualTo(1);
        assertThat(e.confusion().get(POSITIVE).get(NEGATIVE)).isEqualTo(1);
    }

    @Test
    void maeUsesReferenceScoresAndAFailingRowCountsAsWrong() {
        List<LabeledHeadline> rows = GoldenSet.parse("""
                headline,coin,label,score
                up,BTC,positive,0.5
                "down, hard",BTC,negative,
                boom,BTC,negative,-1
                """, "test");
        SentimentScorer fixed = new SentimentScorer() {
            public String name() {
                return "fixed";
            }

            public List<CoinSentiment> score(String headline, String summary, Collection<String> coins) {
                if (headline.equals("boom")) {
                    throw new IllegalStateException("provider down");
                }
                return List.of(new CoinSentiment("BTC", headline.equals("up") ? 0.75 : -0.5, 1, null));
            }
        };
        Evaluation e = Evaluation.of(fixed, rows);
        assertThat(rows.get(1).headline()).isEqualTo("down, hard");
        assertThat(e.accuracy()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(e.scoreMae()).hasValue(0.25);
        assertThat(e.scoredRows()).isEqualTo(1);
        assertThat(e.failures()).singleElement().asString().contains("line 4", "provider down");
    }

    @Test
    void aBrokenCsvIsRejectedNamingLineFieldAndRule() {
        assertRejected("headline,coin\nx,BTC\n", "line 1: header [headline,coin,label[,score]]");
        assertRejected("headline,coin,label\nx,BTC,bullish\n", "line 2: label [positive|negative|neutral]");
        assertRejected("headline,coin,label\nx,bitcoin!,positive\n", "line 2: coin [^[A-Z0-9]{2,10}$]");
        assertRejected("headline,coin,label,score\nx,BTC,positive,2\n", "line 2: score [number in [-1, 1]]");
        assertRejected("headline,coin,label\n\"x,BTC,positive\n", "line 2: row [closed quotes]");
        assertRejected("headline,coin,label\nx,BTC\n", "line 2: row [3 columns]");
        assertThat(GoldenSet.parse("Headline,Coin,Label\n\"He said \"\"moon\"\"\",eth,Positive\n", "t"))
                .singleElement().satisfies(row -> {
                    assertThat(row.headline()).isEqualTo("He said \"moon\"");
                    assertThat(row.coin()).isEqualTo("ETH");
                    assertThat(row.label()).isEqualTo(POSITIVE);
                    assertThat(row.score()).isEmpty();
                });
    }

    private static void assertRejected(String csv, String message) {
        assertThatThrownBy(() -> GoldenSet.parse(csv, "f.csv")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("f.csv " + message);
    }
}
