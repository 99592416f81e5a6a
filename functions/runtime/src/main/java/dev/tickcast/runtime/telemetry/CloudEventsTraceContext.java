package dev.tickcast.runtime.telemetry;

import java.util.Collection;

import jakarta.inject.Singleton;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.quarkus.arc.Unremovable;
import io.quarkus.opentelemetry.runtime.propagation.TextMapPropagatorCustomizer;

/**
 * W3C trace context read from the CloudEvents {@code traceparent} extension first: {@code ce-traceparent} over
 * HTTP, {@code ce_traceparent} on Kafka, then the plain {@code traceparent} header. So Quarkus' HTTP server span
 * of a delivered event is a child of the span that emitted the event, whether or not the sender (Knative's
 * dispatcher, a test, another function) also sent the plain header; the Kafka binding extracts the same way.
 */
@Singleton
@Unremovable // looked up by Quarkus' OpenTelemetry setup, never injected by our code
public class CloudEventsTraceContext implements TextMapPropagatorCustomizer {
    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

    @Override
    public TextMapPropagator customize(TextMapPropagatorCustomizer.Context context) {
        TextMapPropagator propagator = context.propagator();
        return propagator instanceof W3CTraceContextPropagator ? new EventFirst(propagator) : propagator;
    }

    /** The W3C propagator with the event's extension preferred when extracting; injection unchanged. */
    static final class EventFirst implements TextMapPropagator {
        private final TextMapPropagator w3c;

        EventFirst(TextMapPropagator w3c) {
            this.w3c = w3c;
        }

        @Override
        public Collection<String> fields() {
            return w3c.fields();
        }

        @Override
        public <C> void inject(io.opentelemetry.context.Context context, C carrier, TextMapSetter<C> setter) {
            w3c.inject(context, carrier, setter);
        }

        @Override
        public <C> io.opentelemetry.context.Context extract(io.opentelemetry.context.Context context, C carrier,
                TextMapGetter<C> getter) {
            return w3c.extract(context, carrier, new TextMapGetter<C>() {
                @Override
                public Iterable<String> keys(C c) {
                    return getter.keys(c);
                }

                @Override
                public String get(C c, String key) {
                    if (c == null) {
                        return null;
                    }
                    if (TRACEPARENT.equals(key) || TRACESTATE.equals(key)) {
                        String value = getter.get(c, "ce-" + key);
                        if (value == null) {
                            value = getter.get(c, "ce_" + key);
                        }
                        if (value != null) {
                            return value;
                        }
                    }
                    return getter.get(c, key);
                }
            });
        }
    }
}
