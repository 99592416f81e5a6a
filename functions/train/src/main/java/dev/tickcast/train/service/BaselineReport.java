package dev.tickcast.train.service;

import java.util.Locale;
import java.util.Map;

import dev.tickcast.registry.ModelKind;

/**
 * The report beside a baseline version (persistence, linear): one self-contained HTML page, no scripts, nothing
 * fetched, like {@link TrainingReport} for the trees but with what a baseline has: its rule or its weights, and
 * its holdout against persistence.
 */
public final class BaselineReport {
    private BaselineReport() {
    }

    public static String persistence(String pair, String version, String featureSet, int columns) {
        return page(pair, version, ModelKind.PERSISTENCE, true, "the persistence baseline: champion until a trained "
                + "model beats it on a holdout", "<p>Predicts that the price stays: a log return of exactly 0 for "
                        + "every row (an XGBoost gblinear model with every weight, the bias and the base score 0, over the "
                        + columns + " columns of " + esc(featureSet) + "). It needs no training data and never expires.</p>");
    }

    public static String linear(String pair, String version, LinearBaseline.Result r, PromotionGate.Decision decision) {
        StringBuilder body = new StringBuilder();
        body.append("<p>Robust linear model of the five-minute log return on all ").append(r.inputs().size())
                .append(" features (XGBoost gblinear, ").append(esc(r.objective().xgboostName())).append(", ")
                .append(LinearBaseline.ROUNDS).append(" coordinate-descent rounds on standardized features, label ")
                .append("divided by ").append(fmt(r.labelScale())).append("), fitted on ").append(r.trainRows())
                .append(" rows before the holdout. The weights are the served ones, on the raw features.</p>")
                .append("<table><tr><th>input</th><th>weight</th></tr>");
        for (Map.Entry<String, Double> w : r.weights().entrySet()) {
            body.append("<tr><td>").append(esc(w.getKey())).append("</td><td>").append(fmt(w.getValue())).append("</td></tr>");
        }
        body.append("</table><p>Holdout (").append(r.holdout().size()).append(" rows): MAE ").append(fmt(r.model().mae()))
                .append(" vs persistence ").append(fmt(r.model().maePersistence())).append(", skill ")
                .append(String.format(Locale.ROOT, "%+.4f", r.model().skill())).append(", Diebold–Mariano ")
                .append(String.format(Locale.ROOT, "%.2f", r.dieboldMariano())).append(", direction ")
                .append(String.format(Locale.ROOT, "%.1f %%", 100 * r.model().directionAccuracy())).append(".</p>");
        return page(pair, version, ModelKind.LINEAR, decision.promote(), decision.reason(), body.toString());
    }

    private static String page(String pair, String version, ModelKind kind, boolean passed, String reason, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + kind.label() + " baseline "
                + esc(pair) + " " + esc(version) + "</title><style>body{font-family:system-ui,sans-serif;margin:2em;"
                + "color:#222}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}.ok{color:#070}.no{color:#a00}"
                + "</style></head><body><h1>" + esc(pair) + " — " + kind.label() + " baseline " + esc(version) + "</h1>"
                + "<p class=\"" + (passed ? "ok" : "no") + "\"><b>" + (passed ? "Passed" : "Rejected") + ":</b> "
                + esc(reason) + "</p>" + body + "</body></html>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
