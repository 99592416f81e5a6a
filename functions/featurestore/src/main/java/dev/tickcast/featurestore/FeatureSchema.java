package dev.tickcast.featurestore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.tickcast.contracts.market.FeatureRow;

/**
 * The columns a model is trained on and predicts from, in order: the market features of a feature row by name,
 * then the sentiment features of the pair's base coin as of the row's time. Train builds its training matrix and
 * predict its input vector with this one class, so the two cannot drift apart; {@link #hash()} (in a model's
 * metadata and in model.promoted.v1) says which rows a model fits.
 *
 * @param featureSet     the market feature set of the rows (e.g. {@code market-v1})
 * @param marketNames    market feature names, in column order (a feature row keeps its values sorted by name)
 * @param sentimentNames sentiment columns appended after them; empty when the model has none
 */
public record FeatureSchema(String featureSet, List<String> marketNames, List<String> sentimentNames) {

    public FeatureSchema {
        marketNames = List.copyOf(marketNames);
        sentimentNames = List.copyOf(sentimentNames);
    }

    /** The schema of {@code row}: its feature set, the names of its values in order, then {@code sentimentNames}. */
    public static FeatureSchema of(FeatureRow row, List<String> sentimentNames) {
        return new FeatureSchema(row.featureSet(), new ArrayList<>(row.values().keySet()), sentimentNames);
    }

    /**
     * The schema of a model's column list (as its metadata records it): the market names, then the sentiment
     * columns ({@link SentimentFeatureStore#NAMES}) when the list ends with them.
     */
    public static FeatureSchema ofColumns(String featureSet, List<String> names) {
        List<String> sentiment = SentimentFeatureStore.NAMES;
        boolean withSentiment = names.size() > sentiment.size()
                && names.subList(names.size() - sentiment.size(), names.size()).equals(sentiment);
        return withSentiment
                ? new FeatureSchema(featureSet, names.subList(0, names.size() - sentiment.size()), sentiment)
                : new FeatureSchema(featureSet, names, List.of());
    }

    /** Every column, in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(marketNames.size() + sentimentNames.size());
        names.addAll(marketNames);
        names.addAll(sentimentNames);
        return names;
    }

    /** SHA-256 (hex) of the feature set name and the ordered column list: a model fits rows of this hash only. */
    public String hash() {
        return hash(featureSet, names());
    }

    public static String hash(String featureSet, List<String> names) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((featureSet + "\n" + String.join("\n", names)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The model input of {@code row}: its market values by {@link #marketNames()} (NaN where a value is missing
     * or null, XGBoost's missing value), then {@code sentiment} (the values of {@link #sentimentNames()} as of
     * the row's time, NaN where nothing is known).
     */
    public double[] vector(FeatureRow row, double[] sentiment) {
        if (sentiment.length != sentimentNames.size()) {
            throw new IllegalArgumentException("sentiment: " + sentimentNames.size() + " values expected "
                    + sentimentNames + ", got " + sentiment.length);
        }
        double[] x = new double[marketNames.size() + sentiment.length];
        for (int j = 0; j < marketNames.size(); j++) {
            Double v = row.values().get(marketNames.get(j));
            x[j] = v == null ? Double.NaN : v;
        }
        System.arraycopy(sentiment, 0, x, marketNames.size(), sentiment.length);
        return x;
    }
}
