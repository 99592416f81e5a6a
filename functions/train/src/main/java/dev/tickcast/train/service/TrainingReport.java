package dev.tickcast.train.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training report: one self-contained HTML page (inline SVG, no scripts, nothing fetched when viewed) with
 * the holdout's predicted vs actual prices, the absolute error over time against persistence, feature
 * importance and every metric.
 */
public final class TrainingReport {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 260;
    private static final int PAD = 50;

    private TrainingReport() {
    }

    public static String html(String pair, String version, Trainer.Result r, PromotionGate.Decision decision) {
        StringBuilder h = new StringBuilder(64_000);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Training report ")
                .append(esc(pair)).append(' ').append(esc(version)).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}")
                .append(".ok{color:#070}.no{color:#a00}svg{background:#fcfcfc;border:1px solid #ddd}</style></head><body>");
        h.append("<h1>").append(esc(pair)).append(" — model ").append(esc(version)).append("</h1>");
        h.append("<p class=\"").append(decision.promote() ? "ok" : "no").append("\"><b>")
                .append(decision.promote() ? "Promoted" : "Rejected").append(":</b> ").append(esc(decision.reason()))
                .append("</p>");
        Dataset d = r.dataset();
        h.append("<p>Target: the close at t + 5 min (log return predicted). Data ").append(d.from()).append(" … ")
                .append(d.to()).append(": ").append(d.size()).append(" rows × ").append(d.featureNames().size())
                .append(" features (").append(esc(d.featureSet())).append("); ").append(d.noTarget())
                .append(" dropped without a target, ").append(d.warmupSkipped()).append(" warm-up rows skipped; ")
                .append(r.trainRows()).append(" rows for walk-forward, ").append(r.holdout().size())
                .append(" holdout. Objective ").append(esc(r.objective().xgboostName()))
                .append(r.objective() == Objective.PSEUDO_HUBER ? " (slope " + fmt("%.3e", r.huberSlope()) + ")" : "")
                .append(", hyperparameters ").append(esc(r.hyperparameters().toString())).append(", ")
                .append(r.rounds()).append(" rounds, chosen by the mean validation skill of the walk-forward folds. ")
                .append("Every holdout figure below is that of the model fitted without the holdout; the model served ")
                .append("is the same fitted again on all ").append(d.size()).append(" rows with ")
                .append(r.servedRounds()).append(" rounds. Trained in ").append(fmt("%.1f", r.seconds()))
                .append(" s.</p>");

        h.append("<h2>Holdout</h2><table><tr><th>forecast</th><th>MAE</th><th>RMSE</th><th>skill vs persistence</th>")
                .append("<th>direction accuracy</th><th>base rate (majority direction)</th></tr>");
        row(h, "XGBoost", r.model());
        row(h, "persistence", r.persistence());
        row(h, "moving-average drift", r.drift());
        h.append("</table><p>Diebold–Mariano statistic (XGBoost vs persistence, absolute error): ")
                .append(fmt("%.2f", r.dieboldMariano())).append("</p>");

        h.append("<h2>Walk-forward folds</h2><table><tr><th>fold</th><th>train rows</th><th>validation</th>")
                .append("<th>rounds</th><th>MAE</th><th>persistence MAE</th><th>skill</th><th>DM</th>")
                .append("<th>drift skill</th><th>direction</th><th>base rate</th></tr>");
        for (Trainer.Fold f : r.folds()) {
            h.append("<tr><td>").append(f.index()).append("</td><td>").append(f.trainRows()).append("</td><td>")
                    .append(f.validationFrom()).append(" … ").append(f.validationTo()).append("</td><td>")
                    .append(f.rounds()).append("</td><td>").append(fmt("%.4f", f.model().mae())).append("</td><td>")
                    .append(fmt("%.4f", f.model().maePersistence())).append("</td><td>")
                    .append(fmt("%+.4f", f.model().skill())).append("</td><td>").append(fmt("%.2f", f.dieboldMariano()))
                    .append("</td><td>").append(fmt("%+.4f", f.drift().skill())).append("</td><td>")
                    .append(fmt("%.1f %%", 100 * f.model().directionAccuracy())).append("</td><td>")
                    .append(fmt("%.1f %%", 100 * f.model().directionBaseRate())).append("</td></tr>");
        }
        h.append("</table>");

        List<TrainingRow> rows = r.holdout();
        double[] actual = new double[rows.size()];
        double[] predicted = new double[rows.size()];
        double[] modelError = new double[rows.size()];
        double[] persistenceError = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            TrainingRow row = rows.get(i);
            actual[i] = row.targetClose();
            predicted[i] = row.priceOf(r.predicted()[i]);
            modelError[i] = Math.abs(predicted[i] - actual[i]);
            persistenceError[i] = Math.abs(row.close() - actual[i]);
        }
        h.append("<h2>Predicted vs actual price (holdout, at t + 5 min)</h2>");
        lines(h, rows, List.of(actual, predicted), List.of("#222", "#d62728"), List.of("actual", "XGBoost"));
        h.append("<h2>Absolute error over time (holdout, 30-row moving mean)</h2>");
        lines(h, rows, List.of(movingMean(persistenceError, 30), movingMean(modelError, 30)),
                List.of("#888", "#d62728"), List.of("persistence", "XGBoost"));
        h.append("<h2>Feature importance (total gain)</h2>");
        bars(h, r.importance());
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String name, ForecastMetrics m) {
        h.append("<tr><td style=\"text-align:left\">").append(name).append("</td><td>").append(fmt("%.4f", m.mae()))
                .append("</td><td>").append(fmt("%.4f", m.rmse())).append("</td><td>").append(fmt("%+.4f", m.skill()))
                .append("</td><td>").append(fmt("%.1f %%", 100 * m.directionAccuracy())).append("</td><td>")
                .append(fmt("%.1f %%", 100 * m.directionBaseRate())).append("</td></tr>");
    }

    private static void lines(StringBuilder h, List<TrainingRow> rows, List<double[]> series, List<String> colours,
            List<String> names) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] s : series) {
            for (double v : s) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!(max > min)) {
            max = min + 1;
        }
        h.append(svgOpen());
        axis(h, min, max);
        int n = rows.size();
        for (int s = 0; s < series.size(); s++) {
            h.append("<polyline fill=\"none\" stroke-width=\"1\" stroke=\"").append(colours.get(s)).append("\" points=\"");
            double[] values = series.get(s);
            for (int i = 0; i < n; i++) {
                h.append(fmt("%.1f", x(i, n))).append(',').append(fmt("%.1f", y(values[i], min, max))).append(' ');
            }
            h.append("\"/>");
            h.append("<text x=\"").append(PAD + 10 + 140 * s).append("\" y=\"14\" fill=\"").append(colours.get(s))
                    .append("\" font-size=\"12\">■ ").append(names.get(s)).append("</text>");
        }
        if (n > 0) {
            h.append(label(PAD, HEIGHT - 5, rows.get(0).time())).append(label(WIDTH - PAD - 150, HEIGHT - 5,
                    rows.get(n - 1).time()));
        }
        h.append("</svg>");
    }

    private static void bars(StringBuilder h, Map<String, Double> importance) {
        List<Map.Entry<String, Double>> top = new ArrayList<>(importance.entrySet()).subList(0, Math.min(20, importance.size()));
        double max = top.stream().mapToDouble(Map.Entry::getValue).max().orElse(1);
        int height = 20 + 18 * top.size();
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\">");
        for (int i = 0; i < top.size(); i++) {
            double w = (WIDTH - 260) * top.get(i).getValue() / max;
            int yy = 10 + 18 * i;
            h.append("<text x=\"170\" y=\"").append(yy + 12).append("\" text-anchor=\"end\" font-size=\"12\">")
                    .append(esc(top.get(i).getKey())).append("</text><rect x=\"180\" y=\"").append(yy)
                    .append("\" height=\"14\" width=\"").append(fmt("%.1f", w)).append("\" fill=\"#1f77b4\"/>")
                    .append("<text x=\"").append(fmt("%.1f", 185 + w)).append("\" y=\"").append(yy + 12)
                    .append("\" font-size=\"11\">").append(fmt("%.3g", top.get(i).getValue())).append("</text>");
        }
        h.append("</svg>");
    }

    private static String svgOpen() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + HEIGHT + "\">";
    }

    private static void axis(StringBuilder h, double min, double max) {
        h.append("<line x1=\"").append(PAD).append("\" y1=\"").append(HEIGHT - PAD / 2).append("\" x2=\"")
                .append(WIDTH - 10).append("\" y2=\"").append(HEIGHT - PAD / 2).append("\" stroke=\"#999\"/>");
        h.append("<text x=\"2\" y=\"").append(fmt("%.1f", y(max, min, max) + 4)).append("\" font-size=\"11\">")
                .append(fmt("%.4g", max)).append("</text><text x=\"2\" y=\"").append(fmt("%.1f", y(min, min, max)))
                .append("\" font-size=\"11\">").append(fmt("%.4g", min)).append("</text>");
    }

    private static String label(int xx, int yy, Instant t) {
        return "<text x=\"" + xx + "\" y=\"" + yy + "\" font-size=\"11\">" + t + "</text>";
    }

    private static double x(int i, int n) {
        return PAD + (WIDTH - PAD - 10) * (n <= 1 ? 0 : i / (double) (n - 1));
    }

    private static double y(double v, double min, double max) {
        double top = 22;
        double bottom = HEIGHT - PAD / 2.0 - 4;
        return bottom - (bottom - top) * (v - min) / (max - min);
    }

    private static double[] movingMean(double[] values, int window) {
        double[] out = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (i >= window) {
                sum -= values[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
