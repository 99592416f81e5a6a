package dev.tickcast.sentiment.scoring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import dev.tickcast.contracts.news.CoinSentiment;

/**
 * The offline default scorer: sums the lexicon valences of a headline's terms (the summary counts half), flips a
 * term's valence after a negation and scales it after an intensifier or a downtoner, then squashes the sum into
 * [-1, 1] with VADER's normalisation {@code s / sqrt(s² + 15)}. Every coin asked for gets the headline's score:
 * a lexicon cannot tell whose news it is. Confidence grows with the number of terms found.
 */
public final class LexiconScorer implements SentimentScorer {
    static final double ALPHA = 15;
    static final double SUMMARY_WEIGHT = 0.5;
    /** How far back a negation reaches ("not yet approved", "no sign of a rally"). */
    static final int NEGATION_SCOPE = 3;
    static final Set<String> NEGATIONS = Set.of("not", "no", "never", "without", "cannot", "can't", "don't",
            "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't", "wouldn't", "hasn't", "haven't",
            "nor", "neither", "hardly", "fails", "failed", "lacks", "despite");
    static final Map<String, Double> INTENSIFIERS = Map.ofEntries(
            Map.entry("very", 1.5), Map.entry("extremely", 2.0), Map.entry("highly", 1.5), Map.entry("hugely", 1.5),
            Map.entry("massive", 1.5), Map.entry("massively", 1.5), Map.entry("sharply", 1.5), Map.entry("sharp", 1.5),
            Map.entry("deeply", 1.5), Map.entry("strongly", 1.5), Map.entry("heavily", 1.5), Map.entry("biggest", 1.5),
            Map.entry("steep", 1.5), Map.entry("slightly", 0.5), Map.entry("somewhat", 0.6), Map.entry("modestly", 0.6),
            Map.entry("marginally", 0.5), Map.entry("mildly", 0.5), Map.entry("barely", 0.5), Map.entry("slight", 0.5));

    private final Lexicon lexicon;

    public LexiconScorer(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    public static LexiconScorer afinnFinancialMarketNews() {
        return new LexiconScorer(Lexicon.afinnFinancialMarketNews());
    }

    @Override
    public String name() {
        return "lexicon:" + lexicon.name();
    }

    @Override
    public List<CoinSentiment> score(String headline, String summary, Collection<String> coins) {
        List<String> found = new ArrayList<>();
        double sum = valence(Tokens.of(headline), 1.0, found) + valence(Tokens.of(summary), SUMMARY_WEIGHT, found);
        double score = sum / Math.sqrt(sum * sum + ALPHA);
        double confidence = found.isEmpty() ? 0.1 : Math.min(0.9, 0.3 + 0.15 * found.size());
        String reasoning = reasoning(found);
        List<CoinSentiment> scores = new ArrayList<>(coins.size());
        for (String coin : coins) {
            scores.add(new CoinSentiment(coin, score, confidence, reasoning));
        }
        return scores;
    }

    /** The weighted valence of one text; the terms it counted are added to {@code found}. */
    double valence(List<String> tokens, double weight, List<String> found) {
        double sum = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (NEGATIONS.contains(token) || INTENSIFIERS.containsKey(token)) {
                continue;
            }
            for (int n = Math.min(lexicon.longestTerm(), tokens.size() - i); n >= 1; n--) {
                String term = String.join(" ", tokens.subList(i, i + n));
                OptionalInt valence = lexicon.valence(term);
                if (valence.isEmpty()) {
                    continue;
                }
                double value = valence.getAsInt() * modifier(tokens, i);
                sum += weight * value;
                found.add(term + (value >= 0 ? " +" : " ") + format(value));
                i += n - 1;
                break;
            }
        }
        return sum;
    }

    private static double modifier(List<String> tokens, int start) {
        double modifier = 1;
        if (start > 0 && INTENSIFIERS.containsKey(tokens.get(start - 1))) {
            modifier *= INTENSIFIERS.get(tokens.get(start - 1));
        }
        for (int back = 1; back <= NEGATION_SCOPE && start - back >= 0; back++) {
            if (NEGATIONS.contains(tokens.get(start - back))) {
                modifier = -modifier;
                break;
            }
        }
        return modifier;
    }

    private static String reasoning(List<String> found) {
        if (found.isEmpty()) {
            return "no lexicon term found";
        }
        String text = "lexicon terms: " + String.join(", ", found);
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
