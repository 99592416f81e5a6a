package dev.tickcast.sentiment.evaluation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.tickcast.sentiment.scoring.LexiconScorer;
import dev.tickcast.sentiment.scoring.SentimentScorer;

/**
 * The evaluation run behind {@code ./tickcast eval-sentiment [--file F]}: every scorer given on the golden set (or
 * on {@code F}), figures printed. Plain Java: the offline scorer needs nothing else; the app adds its LLM scorer.
 */
public final class SentimentEvaluationMain {
    private SentimentEvaluationMain() {
    }

    /** Parses {@code [--file F]}; returns the rows to evaluate on. */
    public static List<LabeledHeadline> rows(String[] args) throws Exception {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--file") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].startsWith("--file=")) {
                file = Path.of(args[i].substring("--file=".length()));
            } else if (!args[i].equals("eval-sentiment")) {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: eval-sentiment [--file F]");
            }
        }
        return file == null ? GoldenSet.bundled() : GoldenSet.read(file);
    }

    /** Evaluates each scorer on {@code rows} and prints its figures; returns them in the same order. */
    public static List<Evaluation> run(List<LabeledHeadline> rows, List<SentimentScorer> scorers, PrintStream out) {
        out.printf("evaluating %d scorer(s) on %d labelled headlines (label: score >= %.2f positive, <= -%.2f negative)%n",
                scorers.size(), rows.size(), Label.NEUTRAL_BAND, Label.NEUTRAL_BAND);
        List<Evaluation> evaluations = new ArrayList<>();
        for (SentimentScorer scorer : scorers) {
            long start = System.nanoTime();
            Evaluation evaluation = Evaluation.of(scorer, rows);
            evaluations.add(evaluation);
            out.print(evaluation.report());
            out.printf("  took %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
        return evaluations;
    }

    /** The offline scorer only, without starting the app: {@code java -cp … SentimentEvaluationMain [--file F]}. */
    public static void main(String[] args) throws Exception {
        run(rows(args), List.of(LexiconScorer.afinnFinancialMarketNews()), System.out);
    }
}
