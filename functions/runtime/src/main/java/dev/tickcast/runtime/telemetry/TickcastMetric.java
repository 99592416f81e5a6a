package dev.tickcast.runtime.telemetry;

import java.util.List;
import java.util.Locale;

/**
 * Every OpenTelemetry metric a Tickcast function exports: the one list that the instrumentation, the Grafana
 * dashboards and the alert rules (observability/) agree on. Dashboards and rules query the Prometheus names, which
 * the collector's Prometheus exporter derives from the OpenTelemetry ones ({@link #prometheusName()}): dots and
 * other non-alphanumerics become underscores, a unit of seconds adds {@code _seconds}, a counter adds
 * {@code _total}; units in braces ({@code {event}}) are annotations and add nothing. Gauges carry annotation units
 * only, so no {@code _ratio} suffix appears. Every metric also carries the resource attribute {@code service.name}
 * (the function, {@code quarkus.application.name}), which Prometheus shows as {@code job}.
 */
public enum TickcastMetric {
    // RED and throughput of every function, on both bindings
    EVENTS_RECEIVED("tickcast.events.received", Kind.COUNTER, "{event}",
            "CloudEvents delivered to a function", List.of("function", "type", "binding")),
    EVENTS_EMITTED("tickcast.events.emitted", Kind.COUNTER, "{event}",
            "CloudEvents a function emitted (replies and EventSink events)", List.of("function", "type")),
    EVENTS_FAILED("tickcast.events.failed", Kind.COUNTER, "{event}",
            "deliveries whose handling failed (each failed attempt)", List.of("function", "type", "binding", "error")),
    EVENTS_DEAD_LETTERED("tickcast.events.dead_lettered", Kind.COUNTER, "{event}",
            "events sent to the dead-letter topic", List.of("function", "type", "reason")),
    EVENT_DURATION("tickcast.event.duration", Kind.HISTOGRAM, "s",
            "time to handle one delivered event", List.of("function", "type", "binding", "outcome")),
    EVENT_LAG("tickcast.event.lag", Kind.HISTOGRAM, "s",
            "event-time lag: processing time minus the event's time attribute, at delivery", List.of("function", "type")),
    DEPENDENCY_WAITING("tickcast.dependency.waiting", Kind.GAUGE, "{bool}",
            "1 while the Kafka binding holds its events back, waiting for a dependency (PostgreSQL, S3, Kafka) to come back",
            List.of("function", "dependency")),

    // market data
    TRADES_LATE("tickcast.trades.late", Kind.COUNTER, "{trade}",
            "trades that arrived after their minute closed (the minute is revised)", List.of("pair")),

    // predictions and their quality
    PREDICTIONS_SKIPPED("tickcast.predictions.skipped", Kind.COUNTER, "{prediction}",
            "feature rows predict did not predict from, by rule", List.of("pair", "reason")),
    EVALUATIONS("tickcast.evaluations", Kind.COUNTER, "{evaluation}",
            "predictions scored against the close of their target minute", List.of("pair", "model_version", "direction_hit")),
    PREDICTION_ABSOLUTE_ERROR("tickcast.prediction.absolute_error", Kind.HISTOGRAM, "{USD}",
            "|actual − predicted| of each evaluated prediction, in the quote currency", List.of("pair", "model_version")),
    MODEL_ROLLING_MAE("tickcast.model.rolling_mae", Kind.GAUGE, "{USD}",
            "mean absolute error over the model's last N evaluations", List.of("pair", "model_version")),
    MODEL_ROLLING_PERSISTENCE_MAE("tickcast.model.rolling_persistence_mae", Kind.GAUGE, "{USD}",
            "the persistence baseline's mean absolute error over the same evaluations", List.of("pair", "model_version")),
    MODEL_SKILL("tickcast.model.skill", Kind.GAUGE, "{skill}",
            "1 − MAE / persistence MAE over the last N evaluations (> 0: better than persistence)", List.of("pair", "model_version")),
    MODEL_DIRECTION_ACCURACY("tickcast.model.direction_accuracy", Kind.GAUGE, "{fraction}",
            "share of the last N evaluations whose predicted direction was right", List.of("pair", "model_version")),
    FEATURE_DRIFT_PSI("tickcast.feature.drift_psi", Kind.GAUGE, "{psi}",
            "population stability index of a key feature in the last full hour against the model's training data",
            List.of("pair", "model_version", "feature")),

    // sentiment / LLM
    LLM_DURATION("tickcast.llm.duration", Kind.HISTOGRAM, "s",
            "latency of one LLM call", List.of("provider", "model", "outcome")),
    LLM_TOKENS("tickcast.llm.tokens", Kind.COUNTER, "{token}",
            "tokens used by LLM calls", List.of("provider", "model", "kind"));

    public enum Kind {
        COUNTER, HISTOGRAM, GAUGE
    }

    private final String otelName;
    private final Kind kind;
    private final String unit;
    private final String description;
    private final List<String> attributes;

    TickcastMetric(String otelName, Kind kind, String unit, String description, List<String> attributes) {
        this.otelName = otelName;
        this.kind = kind;
        this.unit = unit;
        this.description = description;
        this.attributes = attributes;
    }

    public String otelName() {
        return otelName;
    }

    public Kind kind() {
        return kind;
    }

    public String unit() {
        return unit;
    }

    public String description() {
        return description;
    }

    public List<String> attributes() {
        return attributes;
    }

    /** The name Prometheus stores (histograms add {@code _bucket}, {@code _sum}, {@code _count} to it). */
    public String prometheusName() {
        String name = otelName.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT);
        if (unit.equals("s")) {
            name += "_seconds";
        }
        if (kind == Kind.COUNTER) {
            name += "_total";
        }
        return name;
    }

    /** Every name a Prometheus query may use for this metric, including the histogram series. */
    public List<String> prometheusSeries() {
        String base = prometheusName();
        return kind == Kind.HISTOGRAM ? List.of(base + "_bucket", base + "_sum", base + "_count") : List.of(base);
    }
}
