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
 * are decoded field by field after opentelemetry-proto's {@code trace.proto} and every span is kept with its
 * resource's {@code service.name}; metric and log requests are accepted and dropped.
 */
final class OtlpReceiver implements AutoCloseable {
    /** One received span; ids in lower-case hex, {@code parentSpanId} empty for a root span. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

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

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                decodeTraces(body);
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
