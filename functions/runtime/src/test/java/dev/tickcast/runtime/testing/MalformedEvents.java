package dev.tickcast.runtime.testing;

import java.nio.charset.Charset;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.EventFixtures;
import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

/**
 * A corpus of trades.v1 deliveries that can never succeed, one per way of being broken: bytes, encodings, sizes,
 * nesting (up to 20,000 levels), headers, content types, CloudEvents attributes, contract violations and future
 * dates. Each must be refused with a 4xx over HTTP and dead-lettered exactly once on Kafka, and the function must
 * answer the next valid event. Every case is built fresh (a new id) so it can be sent more than once.
 */
public final class MalformedEvents {
    /** Far past the default 5-minute clock-skew tolerance, and past any plausible test-machine clock error. */
    static final Instant FUTURE = Instant.now().plus(400 * 24, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    private MalformedEvents() {
    }

    /**
     * One delivery: attributes by name without the transport's prefix ({@code content-type} for the content type; an
     * absent attribute is left out), the data bytes, and the HTTP status it must get.
     */
    public record Case(String category, String name, Map<String, String> attributes, byte[] data, int status) {
        /** The headers on {@code mode} ({@code ce-id} / {@code ce_id}, {@code Content-Type} / {@code content-type}). */
        public Map<String, String> headers(BinaryMode mode) {
            Map<String, String> headers = new LinkedHashMap<>();
            attributes.forEach((name, value) -> headers.put(
                    name.equals("content-type") ? mode.contentTypeHeader() : mode.prefix() + name, value));
            return headers;
        }

        public String id() {
            return attributes.getOrDefault("id", name);
        }

        @Override
        public String toString() {
            return category + "/" + name + " (" + data.length + " bytes)";
        }
    }

    /** The producer's own limit (max.request.size, 1 MiB): larger records never reach the broker, let alone a function. */
    public static final int KAFKA_RECORD_LIMIT = 1_000_000;
    /** Send Content-Type exactly as the case has it (RestAssured would append a charset to text types). */
    private static final RestAssuredConfig AS_IS = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    /**
     * POSTs every case to the function under test ({@code RestAssured}'s port); the cases that did not get their 4xx
     * with a body naming the field and the rule (empty when all did).
     */
    public static List<String> notRefusedOverHttp() {
        List<String> wrong = new ArrayList<>();
        for (Case event : all()) {
            Response response = RestAssured.given().config(AS_IS).headers(event.headers(BinaryMode.HTTP)).body(event.data())
                    .post("/");
            String body = response.asString();
            if (response.statusCode() != event.status() || !body.contains("\"violations\"") || !body.contains("\"rule\"")) {
                wrong.add(event + ": " + response.statusCode() + " " + (body.length() <= 200 ? body : body.substring(0, 197) + "..."));
            }
        }
        return wrong;
    }

    /** The cases that fit in a Kafka record. */
    public static List<Case> forKafka() {
        return all().stream().filter(c -> c.data().length < KAFKA_RECORD_LIMIT).toList();
    }

    /**
     * Publishes {@code cases} to the broker topic under {@code key} (one partition: a valid event published after them
     * is handled after them all), each marked with headers {@code corpus-run} = {@code run} and {@code corpus-case}.
     */
    public static void publish(BrokerClient broker, List<Case> cases, String key, String run) {
        for (Case event : cases) {
            Map<String, String> headers = new LinkedHashMap<>(event.headers(BinaryMode.KAFKA));
            headers.put("corpus-run", run);
            headers.put("corpus-case", event.name());
            broker.publish(Topics.BROKER, key, headers, event.data());
        }
    }

    /**
     * Once they were all handled: the cases of {@code run} that were not dead-lettered exactly once, as invalid (code
     * 400), without an attempt of the function (empty when all were).
     */
    public static List<String> notDeadLetteredOnce(BrokerClient broker, List<Case> cases, String run) {
        List<ConsumerRecord<String, byte[]>> dead = broker.findAll(Topics.DEAD_LETTER, BrokerClient.header("corpus-run", run),
                cases.size() + 1, Duration.ofSeconds(5));
        Map<String, List<Map<String, String>>> byCase = dead.stream().map(BrokerClient::headers)
                .collect(Collectors.groupingBy(h -> h.get("corpus-case")));
        List<String> wrong = new ArrayList<>();
        for (Case event : cases) {
            List<Map<String, String>> letters = byCase.getOrDefault(event.name(), List.of());
            if (letters.size() != 1) {
                wrong.add(event + ": " + letters.size() + " dead letters");
            } else if (!"400".equals(letters.get(0).get("ce_knativeerrorcode"))
                    || !"0".equals(letters.get(0).get("dead-letter-attempts"))) {
                wrong.add(event + ": code " + letters.get(0).get("ce_knativeerrorcode") + " after "
                        + letters.get(0).get("dead-letter-attempts") + " attempts: " + letters.get(0).get("dead-letter-reason"));
            }
        }
        if (dead.size() != cases.size()) {
            wrong.add(dead.size() + " dead letters for " + cases.size() + " cases");
        }
        return wrong;
    }

    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        byte[] valid = json(batch());
        // bytes and JSON
        cases.add(invalid("bytes", "not JSON", "hello, world".getBytes(StandardCharsets.UTF_8)));
        cases.add(invalid("bytes", "truncated JSON", Arrays.copyOf(valid, valid.length / 2)));
        cases.add(invalid("bytes", "unclosed string", "{\"pair\": \"BTC/USD".getBytes(StandardCharsets.UTF_8)));
        cases.add(invalid("bytes", "JSON array instead of object", "[]".getBytes(StandardCharsets.UTF_8)));
        cases.add(invalid("bytes", "JSON string instead of object", "\"trades\"".getBytes(StandardCharsets.UTF_8)));
        cases.add(invalid("bytes", "JSON null", "null".getBytes(StandardCharsets.UTF_8)));
        cases.add(invalid("bytes", "NUL bytes", new byte[] { 0, 0, 0, 0 }));
        cases.add(invalid("bytes", "random binary", random(512)));
        cases.add(invalid("bytes", "single quotes", utf8(new String(valid, StandardCharsets.UTF_8).replace('"', '\''))));
        // encodings
        cases.add(invalid("encoding", "Latin-1 byte in a string", encoded(withSource("café"), StandardCharsets.ISO_8859_1)));
        cases.add(invalid("encoding", "UTF-16", encoded(new String(valid, StandardCharsets.UTF_8), StandardCharsets.UTF_16)));
        cases.add(invalid("encoding", "overlong UTF-8 sequence", splice(valid, new byte[] { (byte) 0xC0, (byte) 0xAF })));
        cases.add(invalid("encoding", "UTF-8 surrogate half", splice(valid, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 })));
        cases.add(invalid("encoding", "truncated multi-byte sequence", splice(valid, new byte[] { (byte) 0xE2, (byte) 0x82 })));
        // sizes
        cases.add(invalid("size", "no data", new byte[0]));
        cases.add(new Case("size", "2 MiB of data", attributes(), utf8(" ".repeat(2 * 1024 * 1024) + "{}"), 413));
        cases.add(invalid("size", "500 KB source string", utf8(withSource("x".repeat(500_000)))));
        cases.add(invalid("size", "no trades", utf8("{\"pair\":\"BTC/USD\",\"source\":\"test\",\"trades\":[]}")));
        // nesting
        cases.add(invalid("nesting", "33 levels", nested(33)));
        cases.add(invalid("nesting", "1,001 levels (past Jackson's limit)", nested(1_001)));
        cases.add(invalid("nesting", "20,000 levels of arrays", nested(20_000)));
        cases.add(invalid("nesting", "20,000 levels of objects", utf8("{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000))));
        // content types
        cases.add(new Case("content type", "text/plain", with("content-type", "text/plain"), valid, 415));
        cases.add(new Case("content type", "application/xml", with("content-type", "application/xml"),
                utf8("<trades><pair>BTC/USD</pair></trades>"), 415));
        cases.add(new Case("content type", "application/octet-stream", with("content-type", "application/octet-stream"), valid, 415));
        cases.add(new Case("content type", "structured mode on binary headers",
                with("content-type", "application/cloudevents+json"), valid, 415));
        cases.add(new Case("content type", "JSON in ISO-8859-1", with("content-type", "application/json; charset=ISO-8859-1"),
                valid, 415));
        // CloudEvents attributes
        cases.add(invalid("spec attributes", "no id", without("id"), valid));
        cases.add(invalid("spec attributes", "empty id", with("id", ""), valid));
        cases.add(invalid("spec attributes", "no source", without("source"), valid));
        cases.add(invalid("spec attributes", "empty source", with("source", ""), valid));
        cases.add(invalid("spec attributes", "no type", without("type"), valid));
        cases.add(invalid("spec attributes", "empty type", with("type", ""), valid));
        cases.add(invalid("spec attributes", "no specversion", without("specversion"), valid));
        cases.add(invalid("spec attributes", "specversion 0.1", with("specversion", "0.1"), valid));
        cases.add(invalid("spec attributes", "specversion 1.1", with("specversion", "1.1"), valid));
        cases.add(invalid("spec attributes", "time not RFC 3339", with("time", "yesterday"), valid));
        cases.add(invalid("spec attributes", "unknown type", with("type", "dev.tickcast.nonsense.v1"), valid));
        // contract
        cases.add(invalid("contract", "price with a comma", trade(1, "price", "12,5")));
        cases.add(invalid("contract", "price as a JSON number", tradeNumber(1, "price", 805.1)));
        cases.add(invalid("contract", "price in exponent notation", trade(1, "price", "8.051E+2")));
        cases.add(invalid("contract", "negative quantity", trade(0, "quantity", "-1")));
        cases.add(invalid("contract", "zero price", trade(2, "price", "0")));
        cases.add(invalid("contract", "trade time not a date", trade(0, "time", "25/11/2013 10:15")));
        cases.add(invalid("contract", "no pair", utf8(batchWithout("pair"))));
        cases.add(invalid("contract", "pair not BASE/QUOTE", utf8(withField("pair", "bitcoin"))));
        cases.add(invalid("contract", "trades out of time order", trade(2, "time", "2013-11-25T10:15:00Z")));
        // future dates
        cases.add(invalid("future", "time a year ahead", with("time", FUTURE.toString()), valid));
        cases.add(invalid("future", "a trade a year ahead", trade(2, "time", FUTURE.toString())));
        cases.add(invalid("future", "every trade and time ahead", with("time", FUTURE.toString()),
                futureBatch(FUTURE)));
        cases.add(invalid("future", "a trade an hour ahead", trade(2, "time",
                Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString())));
        return cases;
    }

    /** The attributes of a valid trades.v1 event of {@link EventFixtures#DEFAULT_PAIR} with a fresh id. */
    public static Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", "malformed-" + UUID.randomUUID());
        attributes.put("source", "/test/malformed");
        attributes.put("type", EventTypes.TRADES);
        attributes.put("time", "2013-11-25T10:15:59Z");
        attributes.put("subject", EventFixtures.DEFAULT_PAIR);
        attributes.put("partitionkey", EventFixtures.DEFAULT_PAIR);
        attributes.put("content-type", "application/json");
        return attributes;
    }

    private static Case invalid(String category, String name, byte[] data) {
        return new Case(category, name, attributes(), data, 400);
    }

    private static Case invalid(String category, String name, Map<String, String> attributes, byte[] data) {
        return new Case(category, name, attributes, data, 400);
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> attributes = attributes();
        attributes.put(name, value);
        return attributes;
    }

    private static Map<String, String> without(String name) {
        Map<String, String> attributes = attributes();
        attributes.remove(name);
        return attributes;
    }

    private static ObjectNode batch() {
        return Json.mapper().valueToTree(EventFixtures.createTradesBatch());
    }

    private static byte[] json(ObjectNode node) {
        return utf8(node.toString());
    }

    private static String withSource(String source) {
        return withField("source", source);
    }

    private static String withField(String field, String value) {
        ObjectNode batch = batch();
        batch.put(field, value);
        return batch.toString();
    }

    private static String batchWithout(String field) {
        ObjectNode batch = batch();
        batch.remove(field);
        return batch.toString();
    }

    private static byte[] trade(int index, String field, String value) {
        ObjectNode batch = batch();
        ((ObjectNode) batch.get("trades").get(index)).put(field, value);
        return json(batch);
    }

    private static byte[] tradeNumber(int index, String field, double value) {
        ObjectNode batch = batch();
        ((ObjectNode) batch.get("trades").get(index)).put(field, value);
        return json(batch);
    }

    private static byte[] futureBatch(Instant time) {
        ObjectNode batch = batch();
        ArrayNode trades = (ArrayNode) batch.get("trades");
        for (int i = 0; i < trades.size(); i++) {
            ((ObjectNode) trades.get(i)).put("time", time.plusSeconds(i).toString());
        }
        return json(batch);
    }

    private static byte[] nested(int levels) {
        return utf8("[".repeat(levels) + "]".repeat(levels));
    }

    /** The valid batch with {@code bytes} inside its source string. */
    private static byte[] splice(byte[] valid, byte[] bytes) {
        String text = new String(valid, StandardCharsets.UTF_8);
        int at = text.indexOf("\"test\"") + 1;
        byte[] head = utf8(text.substring(0, at));
        byte[] tail = utf8(text.substring(at));
        byte[] spliced = Arrays.copyOf(head, head.length + bytes.length + tail.length);
        System.arraycopy(bytes, 0, spliced, head.length, bytes.length);
        System.arraycopy(tail, 0, spliced, head.length + bytes.length, tail.length);
        return spliced;
    }

    private static byte[] encoded(String text, Charset charset) {
        return text.getBytes(charset);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(20261202L).nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
