package dev.tickcast.sentiment.evaluation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import dev.tickcast.contracts.news.CoinSentiment;
import dev.tickcast.sentiment.scoring.SentimentScorer;

/**
 * A scorer's figures on a labelled set: accuracy, macro-F1 over the three labels (a label that is never predicted
 * nor present is left out of the mean), the confusion matrix and the mean absolute error of the score against the
 * rows' reference scores (only rows that have one). Rows the scorer failed on count as wrong and are listed.
 */
public record Evaluation(String scorer, int rows, double accuracy, double macroF1, OptionalDouble scoreMae,
        int scoredRows, Map<Label, Map<Label, Integer>> confusion, List<String> failures) {

    /** Scores every row with {@code scorer} (the row's coin is the one asked for) and computes the figures. */
    public static Evaluation of(SentimentScorer scorer, List<LabeledHeadline> set) {
        List<Label> truth = new ArrayList<>();
        List<Label> predicted = new ArrayList<>();
        double absoluteErrors = 0;
        int withReference = 0;
        List<String> failures = new ArrayList<>();
        for (LabeledHeadline row : set) {
            double score;
            try {
                List<CoinSentiment> scores = scorer.score(row.headline(), null, List.of(row.coin()));
                score = scores.get(0).score();
            } catch (RuntimeException e) {
                failures.add("line " + row.line() + ": " + e.getMessage());
                truth.add(row.label());
                predicted.add(null);
                continue;
            }
            truth.add(row.label());
            predicted.add(Label.of(score));
            if (row.score().isPresent()) {
                absoluteErrors += Math.abs(score - row.score().getAsDouble());
                withReference++;
            }
        }
        return of(scorer.name(), truth, predicted,
                withReference == 0 ? OptionalDouble.empty() : OptionalDouble.of(absoluteErrors / withReference),
                withReference, failures);
    }

    /** The figures for {@code predicted} against {@code truth} (a null prediction is a failure: always wrong). */
    static Evaluation of(String scorer, List<Label> truth, List<Label> predicted, OptionalDouble mae, int scoredRows,
            List<String> failures) {
        Map<Label, Map<Label, Integer>> confusion = new EnumMap<>(Label.class);
        for (Label actual : Label.values()) {
            Map<Label, Integer> row = new EnumMap<>(Label.class);
            for (Label guess : Label.values()) {
                row.put(guess, 0);
            }
            confusion.put(actual, row);
        }
        int correct = 0;
        for (int i = 0; i < truth.size(); i++) {
            Label guess = predicted.get(i);
            if (guess != null) {
                confusion.get(truth.get(i)).merge(guess, 1, Integer::sum);
            }
            if (truth.get(i) == guess) {
                correct++;
            }
        }
        double f1Sum = 0;
        int labels = 0;
        for (Label label : Label.values()) {
            int truePositives = confusion.get(label).get(label);
            long actual = truth.stream().filter(l -> l == label).count();
            long guessed = predicted.stream().filter(l -> l == label).count();
            if (actual == 0 && guessed == 0) {
                continue;
            }
            double precision = guessed == 0 ? 0 : (double) truePositives / guessed;
            double recall = actual == 0 ? 0 : (double) truePositives / actual;
            f1Sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            labels++;
        }
        double accuracy = truth.isEmpty() ? 0 : (double) correct / truth.size();
        return new Evaluation(scorer, truth.size(), accuracy, labels == 0 ? 0 : f1Sum / labels, mae, scoredRows,
                confusion, List.copyOf(failures));
    }

    /** The figures as the evaluation command prints them. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("scorer %s on %d rows%n", scorer, rows));
        out.append(String.format("  accuracy  %.3f%n", accuracy));
        out.append(String.format("  macro-F1  %.3f%n", macroF1));
        out.append(scoreMae.isPresent()
                ? String.format("  score MAE %.3f (%d rows with a reference score)%n", scoreMae.getAsDouble(), scoredRows)
                : String.format("  score MAE n/a (no reference scores)%n"));
        out.append(String.format("  confusion (rows: label, columns: predicted)  positive negative  neutral%n"));
        for (Label actual : Label.values()) {
            Map<Label, Integer> row = confusion.get(actual);
            out.append(String.format("    %-40s %8d %8d %8d%n", actual.csv(), row.get(Label.POSITIVE),
                    row.get(Label.NEGATIVE), row.get(Label.NEUTRAL)));
        }
        if (!failures.isEmpty()) {
            out.append(String.format("  %d rows failed to score:%n", failures.size()));
            failures.stream().limit(10).forEach(f -> out.append("    ").append(f).append(System.lineSeparator()));
        }
        return out.toString();
    }
}
