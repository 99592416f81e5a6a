package dev.tickcast.contracts.cloudevents;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why an event was dead-lettered, in the two forms a dead letter carries it: the {@code knativeerror*} extensions a
 * Knative dead-letter sink receives, and plain {@code dead-letter-*} headers a person reads with kcat.
 *
 * @param function the function that gave up, as {@code <application>/<function>}
 * @param code     400 for an event that can never succeed, 500 for one whose retries ran out
 * @param attempts how often the function was tried (0: never, the event itself broke a rule)
 * @param origin   where the event came from, e.g. {@code topic/partition/offset}
 */
public record DeadLetter(String function, int code, String reason, int attempts, String origin) {

    /** Extension attributes by name (without the transport's {@code ce-}/{@code ce_} prefix). */
    public Map<String, String> extensions() {
        Map<String, String> extensions = new LinkedHashMap<>();
        extensions.put("knativeerrordest", "tickcast://" + function);
        extensions.put("knativeerrorcode", Integer.toString(code));
        extensions.put("knativeerrordata", Base64.getEncoder().encodeToString(reason.getBytes(StandardCharsets.UTF_8)));
        return extensions;
    }

    /** The plain headers. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("dead-letter-reason", reason);
        headers.put("dead-letter-function", function);
        headers.put("dead-letter-attempts", Integer.toString(attempts));
        headers.put("dead-letter-origin", origin);
        return headers;
    }

    /** The event's own headers on {@code mode} plus both forms of the reason. */
    public Map<String, String> headersOn(BinaryMode mode, Map<String, String> eventHeaders) {
        Map<String, String> all = new LinkedHashMap<>(eventHeaders);
        extensions().forEach((name, value) -> all.put(mode.prefix() + name, value));
        all.putAll(headers());
        return all;
    }
}
