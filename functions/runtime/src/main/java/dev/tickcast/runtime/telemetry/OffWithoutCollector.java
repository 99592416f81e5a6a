package dev.tickcast.runtime.telemetry;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * OpenTelemetry is off unless an OTLP endpoint is configured ({@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}, or the
 * traces or metrics endpoint): {@code quarkus.otel.sdk.disabled} defaults to true without one, so a function on
 * the local stack or in a test never tries to reach a collector that is not there. Setting
 * {@code quarkus.otel.sdk.disabled} explicitly wins (tests with an in-memory exporter set it to false).
 */
public class OffWithoutCollector implements ConfigSourceInterceptor {
    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final String[] ENDPOINTS = { "quarkus.otel.exporter.otlp.endpoint", "quarkus.otel.exporter.otlp.traces.endpoint",
            "quarkus.otel.exporter.otlp.metrics.endpoint" };

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value != null || !SDK_DISABLED.equals(name)) {
            return value;
        }
        for (String endpoint : ENDPOINTS) {
            ConfigValue configured = context.proceed(endpoint);
            if (configured != null && configured.getValue() != null && !configured.getValue().isBlank()) {
                return null;
            }
        }
        return ConfigValue.builder().withName(name).withValue("true")
                .withConfigSourceName("tickcast: no OTLP endpoint configured").build();
    }
}
