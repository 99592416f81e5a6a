package dev.tickcast.runtime;

import static io.quarkus.funqy.runtime.bindings.knative.events.KnativeEventsBindingRecorder.DATA_OBJECT_READER;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.MalformedEventException;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.TradesBatch;
import dev.tickcast.contracts.validation.EventValidationException;
import dev.tickcast.contracts.validation.Violation;
import dev.tickcast.runtime.config.EventRulesConfig;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;

/**
 * The one gate every delivered event passes, on HTTP and on Kafka alike, before its function runs: an event that
 * breaks any rule here is invalid ({@link InvalidEventException}, the event's fault, never retried). In order:
 * <ol>
 * <li>CloudEvents 1.0 attributes: {@code specversion} exactly 1.0; {@code id}, {@code source}, {@code type} present
 * and not empty; {@code time} RFC 3339 ({@link BinaryMode#read});</li>
 * <li>a type one of this application's functions is triggered by;</li>
 * <li>data as {@code application/json} in UTF-8 (415 otherwise), at most {@code tickcast.events.max-bytes} (413),
 * valid UTF-8, nested at most {@code tickcast.events.max-depth} levels (measured without recursion, so 20,000
 * levels cannot overflow a stack), present when the function takes data;</li>
 * <li>the contract: well-formed JSON, the type's JSON Schema and cross-field rules (the payload reader Funqy's HTTP
 * binding uses, with the contracts' validating module);</li>
 * <li>not from the future: {@code time}, a trade's time and a candle's end at most {@code tickcast.events.max-clock-skew}
 * ahead of the wall clock. The past is always fine: replays and backfills are.</li>
 * </ol>
 */
@ApplicationScoped
public class EventAdmission {
    private static final Logger LOG = Logger.getLogger(EventAdmission.class);

    /** An admitted event: its attributes, the function it goes to and its data, read and validated. */
    public record Admitted(CloudEventEnvelope event, FunctionInvoker invoker, Object data) {
    }

    @Inject
    EventRulesConfig rules;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    Clock clock = Clock.systemUTC();

    private volatile Map<String, FunctionInvoker> byTrigger;

    public Admitted admit(BinaryMode mode, Map<String, String> headers, byte[] data) {
        CloudEventEnvelope event;
        try {
            event = mode.read(headers, data);
        } catch (MalformedEventException e) {
            throw new InvalidEventException(400, null, e.field(), e.rule(), e.getMessage());
        }
        FunctionInvoker invoker = routes().get(event.type());
        if (invoker == null) {
            throw new InvalidEventException(400, event.type(), mode.prefix() + "type", "routed",
                    "no function of " + application + " is triggered by '" + event.type() + "'");
        }
        byte[] bytes = data == null ? new byte[0] : data;
        Object payload = null;
        if (bytes.length > 0) {
            requireJsonContentType(mode, event);
            if (bytes.length > rules.maxBytes()) {
                throw new InvalidEventException(413, event.type(), "data", "max-bytes",
                        "the data is " + bytes.length + " bytes, more than the limit of " + rules.maxBytes());
            }
            requireUtf8(event.type(), bytes);
            int depth = nesting(bytes, rules.maxDepth());
            if (depth > rules.maxDepth()) {
                throw new InvalidEventException(400, event.type(), "data", "max-depth",
                        "JSON nested deeper than " + rules.maxDepth() + " levels");
            }
            if (invoker.hasInput()) {
                payload = read(invoker, event.type(), bytes);
            }
        }
        if (invoker.hasInput() && payload == null) {
            throw new InvalidEventException(400, event.type(), "data", "required",
                    "the " + event.type() + " event has no data");
        }
        List<Violation> future = fromTheFuture(event, payload, clock.instant().plus(rules.maxClockSkew()));
        if (!future.isEmpty()) {
            throw new InvalidEventException(400, event.type(), future);
        }
        return new Admitted(event, invoker, payload);
    }

    /** Trigger type → function, from Funqy's registry and each function's {@code @CloudEventMapping}. */
    public Map<String, FunctionInvoker> routes() {
        Map<String, FunctionInvoker> routes = byTrigger;
        if (routes == null) {
            routes = new HashMap<>();
            // an application without functions (the api) has no Funqy registry
            for (FunctionInvoker invoker : FunctionRecorder.registry == null ? List.<FunctionInvoker> of()
                    : FunctionRecorder.registry.invokers()) {
                FunctionRoute route = FunctionRoute.declaredBy(invoker.getName(), invoker.getMethod());
                if (route != null && routes.put(route.trigger(), invoker) != null) {
                    throw new IllegalStateException("two functions are triggered by " + route.trigger());
                }
            }
            byTrigger = routes;
            LOG.infof("functions of %s by trigger: %s", application, routes.keySet());
        }
        return routes;
    }

    private static void requireJsonContentType(BinaryMode mode, CloudEventEnvelope event) {
        String contentType = event.dataContentType();
        if (contentType == null) {
            return; // CloudEvents: no datacontenttype means JSON
        }
        String[] parts = contentType.split(";");
        String media = parts[0].trim().toLowerCase(Locale.ROOT);
        String field = mode.contentTypeHeader();
        if (!media.equals(CloudEventEnvelope.JSON)) {
            throw new InvalidEventException(415, event.type(), field, "application/json",
                    "data must be application/json in binary content mode, got '" + contentType + "'");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].trim().split("=", 2);
            if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("charset")
                    && !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw new InvalidEventException(415, event.type(), field, "charset=utf-8",
                        "JSON data must be UTF-8, got '" + contentType + "'");
            }
        }
    }

    private static void requireUtf8(String type, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            decoder.decode(buffer);
        } catch (CharacterCodingException e) {
            throw new InvalidEventException(400, type, "data", "utf-8",
                    "not valid UTF-8 at byte " + buffer.position());
        }
    }

    /**
     * How deep the JSON text nests, counting brackets outside strings; stops counting past {@code limit}. A loop,
     * not a parser: no recursion, whatever the input.
     */
    static int nesting(byte[] json, int limit) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length && max <= limit; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                max = Math.max(max, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return max;
    }

    private static Object read(FunctionInvoker invoker, String type, byte[] bytes) {
        try {
            return ((ObjectReader) invoker.getBindingContext().get(DATA_OBJECT_READER)).readValue(bytes);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof EventValidationException invalid) {
                throw new InvalidEventException(400, type, invalid.violations());
            }
            throw new InvalidEventException(400, type, "data", "json", "malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException | RuntimeException e) {
            throw new InvalidEventException(400, type, "data", "json", "unreadable: " + e.getMessage());
        }
    }

    private static List<Violation> fromTheFuture(CloudEventEnvelope event, Object payload, Instant latest) {
        List<Violation> violations = new ArrayList<>();
        if (event.time() != null && event.time().toInstant().isAfter(latest)) {
            violations.add(future("time", event.time().toInstant(), latest));
        }
        if (payload instanceof TradesBatch batch) {
            for (int i = 0; i < batch.trades().size(); i++) {
                Instant time = batch.trades().get(i).time();
                if (time.isAfter(latest)) {
                    violations.add(future("trades[" + i + "].time", time, latest));
                    break; // in time order: the later ones are in the future too
                }
            }
        } else if (payload instanceof Candle candle && candle.end().isAfter(latest)) {
            violations.add(future("end", candle.end(), latest));
        }
        return violations;
    }

    private static Violation future(String field, Instant time, Instant latest) {
        return new Violation(field, "not-in-future",
                time + " is in the future: later than the clock plus the allowed skew (" + latest + ")");
    }
}
