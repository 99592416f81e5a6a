package dev.tickcast.runtime.telemetry;

import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;

/**
 * The only way Tickcast code makes an instrument: from a {@link TickcastMetric}, so name, kind, unit, description
 * and attribute keys are the enum's and nothing else (dashboards and alert rules query exactly these). Attribute
 * values are passed in the order of {@link TickcastMetric#attributes()}; a null value leaves that attribute out.
 * With the OpenTelemetry SDK disabled every instrument is a no-op.
 */
@ApplicationScoped
public class TickcastMeters {
    public static final String INSTRUMENTATION_SCOPE = "dev.tickcast";

    @Inject
    OpenTelemetry openTelemetry;

    private volatile Meter meter;

    /** A monotonic counter. */
    public Count counter(TickcastMetric metric) {
        require(metric, TickcastMetric.Kind.COUNTER);
        return new Count(metric, meter().counterBuilder(metric.otelName()).setUnit(metric.unit())
                .setDescription(metric.description()).build());
    }

    /** A histogram with explicit bucket boundaries (in the metric's unit). */
    public Distribution histogram(TickcastMetric metric, List<Double> buckets) {
        require(metric, TickcastMetric.Kind.HISTOGRAM);
        DoubleHistogramBuilder builder = meter().histogramBuilder(metric.otelName()).setUnit(metric.unit())
                .setDescription(metric.description());
        if (buckets != null) {
            builder.setExplicitBucketBoundariesAdvice(buckets);
        }
        return new Distribution(metric, builder.build());
    }

    /** An observable gauge: {@code callback} reports the current values each time the metrics are collected. */
    public AutoCloseable gauge(TickcastMetric metric, Consumer<Gauge> callback) {
        require(metric, TickcastMetric.Kind.GAUGE);
        return meter().gaugeBuilder(metric.otelName()).setUnit(metric.unit()).setDescription(metric.description())
                .buildWithCallback(measurement -> callback.accept(new Gauge(metric, measurement)));
    }

    private Meter meter() {
        Meter m = meter;
        if (m == null) {
            m = openTelemetry.getMeter(INSTRUMENTATION_SCOPE);
            meter = m;
        }
        return m;
    }

    private static void require(TickcastMetric metric, TickcastMetric.Kind kind) {
        if (metric.kind() != kind) {
            throw new IllegalArgumentException(metric + " is a " + metric.kind() + ", not a " + kind);
        }
    }

    static Attributes attributes(TickcastMetric metric, String... values) {
        List<String> keys = metric.attributes();
        if (values.length != keys.size()) {
            throw new IllegalArgumentException(metric + " has attributes " + keys + ", got " + values.length + " values");
        }
        AttributesBuilder attributes = Attributes.builder();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                attributes.put(keys.get(i), values[i]);
            }
        }
        return attributes.build();
    }

    /** A counter of one {@link TickcastMetric}. */
    public static final class Count {
        private final TickcastMetric metric;
        private final LongCounter counter;

        Count(TickcastMetric metric, LongCounter counter) {
            this.metric = metric;
            this.counter = counter;
        }

        public void add(long n, String... attributeValues) {
            counter.add(n, attributes(metric, attributeValues));
        }

        public void increment(String... attributeValues) {
            add(1, attributeValues);
        }
    }

    /** A histogram of one {@link TickcastMetric}. */
    public static final class Distribution {
        private final TickcastMetric metric;
        private final io.opentelemetry.api.metrics.DoubleHistogram histogram;

        Distribution(TickcastMetric metric, io.opentelemetry.api.metrics.DoubleHistogram histogram) {
            this.metric = metric;
            this.histogram = histogram;
        }

        public void record(double value, String... attributeValues) {
            histogram.record(value, attributes(metric, attributeValues));
        }
    }

    /** What a gauge callback reports to. */
    public static final class Gauge {
        private final TickcastMetric metric;
        private final ObservableDoubleMeasurement measurement;

        Gauge(TickcastMetric metric, ObservableDoubleMeasurement measurement) {
            this.metric = metric;
            this.measurement = measurement;
        }

        public void record(double value, String... attributeValues) {
            measurement.record(value, attributes(metric, attributeValues));
        }
    }

    /** Bucket boundaries in seconds for handling times: 1 ms to 30 s. */
    public static final List<Double> DURATION_BUCKETS = List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

    /** Bucket boundaries in seconds for event-time lag: 100 ms to a day (a replay of old trades lags far more). */
    public static final List<Double> LAG_BUCKETS = List.of(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0,
            300.0, 900.0, 3600.0, 86400.0);

}
