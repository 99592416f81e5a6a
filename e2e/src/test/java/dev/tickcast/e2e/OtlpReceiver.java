package dev.tickcast.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A collector stand-in: OTLP/HTTP with protobuf bodies, as the functions' exporters send it
 * ({@code QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf}). Trace requests ({@code ExportTraceServiceRequest})
 * and metric requests ({@code ExportMetricsServiceRequest}) are decoded field by field after opentelemetry-proto's
 * {@code trace.proto} and {@code metrics.proto}; every span and metric stream is kept with its resource's
 * {@code service.name}. Log requests are accepted and dropped.
 */
final class OtlpReceiver implements AutoCloseable {
    /** One received span; ids in lower-case hex, {@code parentSpanId} empty for a root span. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name) {
    }

    /**
     * One received metric stream: its instrumentation scope, name, description, unit, kind ({@code gauge},
     * {@code counter}, {@code updowncounter}, {@code histogram}, …) and the attribute keys of its data points.
     */
    record ReceivedMetric(String service, String scope, String name, String description, String unit, String kind,
            java.util.Set<String> attributeKeys) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<ReceivedMetric> metrics = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<ReceivedMetric> metrics() {
        return List.copyOf(metrics);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                decodeTraces(body);
            } else if (exchange.getRequestURI().getPath().endsWith("/v1/metrics")) {
                decodeMetrics(body);
            }
            // an empty Export*ServiceResponse: everything accepted
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        } catch (RuntimeException e) {
            e.printStackTrace();
            exchange.sendResponseHeaders(400, -1);
        }
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    private void decodeTraces(byte[] request) {
        for (Field resourceSpans : Field.all(request)) {
            if (resourceSpans.number == 1) {
                resourceSpans(resourceSpans.bytes);
            }
        }
    }

    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    private void resourceSpans(byte[] message) {
        String service = "";
        for (Field field : Field.all(message)) {
            if (field.number == 1) {
                service = serviceName(field.bytes);
            }
        }
        for (Field scopeSpans : Field.all(message)) {
            if (scopeSpans.number == 2) {
                // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
                for (Field span : Field.all(scopeSpans.bytes)) {
                    if (span.number == 2) {
                        spans.add(span(service, span.bytes));
                    }
                }
            }
        }
    }

    // ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
    // ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
    // ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; } InstrumentationScope { string name = 1; }
    private void decodeMetrics(byte[] request) {
        for (Field resourceMetrics : Field.all(request)) {
            if (resourceMetrics.number != 1) {
                continue;
            }
            String service = "";
            for (Field f : Field.all(resourceMetrics.bytes)) {
                if (f.number == 1) {
                    service = serviceName(f.bytes);
                }
            }
            for (Field scopeMetrics : Field.all(resourceMetrics.bytes)) {
                if (scopeMetrics.number != 2) {
                    continue;
                }
                String scope = "";
                for (Field f : Field.all(scopeMetrics.bytes)) {
                    if (f.number == 1) {
                        for (Field name : Field.all(f.bytes)) {
                            if (name.number == 1) {
                                scope = name.string();
                            }
                        }
                    }
                }
                for (Field metric : Field.all(scopeMetrics.bytes)) {
                    if (metric.number == 2) {
                        metrics.add(metric(service, scope, metric.bytes));
                    }
                }
            }
        }
    }

    // Metric { string name = 1; string description = 2; string unit = 3; Gauge gauge = 5; Sum sum = 7;
    //   Histogram histogram = 9; ExponentialHistogram exponential_histogram = 10; Summary summary = 11; }
    // Gauge { repeated NumberDataPoint data_points = 1; } Sum { … = 1; temporality = 2; bool is_monotonic = 3; }
    // Histogram { repeated HistogramDataPoint data_points = 1; }
    // NumberDataPoint { repeated KeyValue attributes = 7; } HistogramDataPoint { repeated KeyValue attributes = 9; }
    private static ReceivedMetric metric(String service, String scope, byte[] metric) {
        String name = "";
        String description = "";
        String unit = "";
        String kind = "unknown";
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (Field f : Field.all(metric)) {
            switch (f.number) {
                case 1 -> name = f.string();
                case 2 -> description = f.string();
                case 3 -> unit = f.string();
                case 5 -> {
                    kind = "gauge";
                    keys.addAll(pointKeys(f.bytes, 7));
                }
                case 7 -> {
                    boolean monotonic = Field.varint(f.bytes, 3) == 1;
                    kind = monotonic ? "counter" : "updowncounter";
                    keys.addAll(pointKeys(f.bytes, 7));
                }
                case 9 -> {
                    kind = "histogram";
                    keys.addAll(pointKeys(f.bytes, 9));
                }
                case 10 -> kind = "exponential_histogram";
                case 11 -> kind = "summary";
                default -> {
                }
            }
        }
        return new ReceivedMetric(service, scope, name, description, unit, kind, keys);
    }

    private static java.util.Set<String> pointKeys(byte[] data, int attributesField) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (Field point : Field.all(data)) {
            if (point.number == 1) {
                for (Field attribute : Field.all(point.bytes)) {
                    if (attribute.number == attributesField) {
                        for (Field kv : Field.all(attribute.bytes)) {
                            if (kv.number == 1) {
                                keys.add(kv.string());
                            }
                        }
                    }
                }
            }
        }
        return keys;
    }

    // Resource { repeated KeyValue attributes = 1; } KeyValue { string key = 1; AnyValue value = 2; }
    // AnyValue { string string_value = 1; … }
    private static String serviceName(byte[] resource) {
        for (Field attribute : Field.all(resource)) {
            if (attribute.number != 1) {
                continue;
            }
            String key = null;
            String value = null;
            for (Field f : Field.all(attribute.bytes)) {
                if (f.number == 1) {
                    key = f.string();
                } else if (f.number == 2) {
                    for (Field v : Field.all(f.bytes)) {
                        if (v.number == 1) {
                            value = v.string();
                        }
                    }
                }
            }
            if ("service.name".equals(key)) {
                return value;
            }
        }
        return "";
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5; … }
    private static ReceivedSpan span(String service, byte[] span) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        for (Field f : Field.all(span)) {
            switch (f.number) {
                case 1 -> traceId = HexFormat.of().formatHex(f.bytes);
                case 2 -> spanId = HexFormat.of().formatHex(f.bytes);
                case 4 -> parent = HexFormat.of().formatHex(f.bytes);
                case 5 -> name = f.string();
                default -> {
                }
            }
        }
        return new ReceivedSpan(service, traceId, spanId, parent, name);
    }

    /** A length-delimited field of a protobuf message (other wire types are skipped). */
    private record Field(int number, byte[] bytes) {
        String string() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The value of varint field {@code number} of a message, or -1 when absent. */
        static long varint(byte[] message, int number) {
            ByteArrayInputStream in = new ByteArrayInputStream(message);
            while (in.available() > 0) {
                long tag = varint(in);
                int field = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> {
                        long value = varint(in);
                        if (field == number) {
                            return value;
                        }
                    }
                    case 1 -> in.skip(8);
                    case 2 -> in.skip(varint(in));
                    case 5 -> in.skip(4);
                    default -> throw new IllegalArgumentException("wire type " + (tag & 7) + " of field " + field);
                }
            }
            return -1;
        }

        static List<Field> all(byte[] message) {
            List<Field> fields = new java.util.ArrayList<>();
            ByteArrayInputStream in = new ByteArrayInputStream(message);
            while (in.available() > 0) {
                long tag = varint(in);
                int number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> varint(in);
                    case 1 -> in.skip(8);
                    case 2 -> {
                        int length = (int) varint(in);
                        byte[] bytes = new byte[length];
                        if (in.read(bytes, 0, length) != length) {
                            throw new IllegalArgumentException("truncated field " + number);
                        }
                        fields.add(new Field(number, bytes));
                    }
                    case 5 -> in.skip(4);
                    default -> throw new IllegalArgumentException("wire type " + (tag & 7) + " of field " + number);
                }
            }
            return fields;
        }

        private static long varint(ByteArrayInputStream in) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalArgumentException("truncated varint");
                }
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
