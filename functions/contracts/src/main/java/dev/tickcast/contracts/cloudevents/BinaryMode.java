package dev.tickcast.contracts.cloudevents;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CloudEvents binary content mode on HTTP ({@code ce-id}, …, {@code Content-Type}) and on Kafka
 * ({@code ce_id}, …, {@code content-type}; the record key is the {@code partitionkey} extension), as in the
 * CloudEvents HTTP and Kafka protocol bindings and as the Knative Kafka broker stores events in its topic.
 */
public enum BinaryMode {
    HTTP("ce-", "Content-Type"),
    KAFKA("ce_", "content-type");

    private final String prefix;
    private final String contentTypeHeader;

    BinaryMode(String prefix, String contentTypeHeader) {
        this.prefix = prefix;
        this.contentTypeHeader = contentTypeHeader;
    }

    public String prefix() {
        return prefix;
    }

    public String contentTypeHeader() {
        return contentTypeHeader;
    }

    /** The headers of an event, in a stable order: required attributes first, then optional, then extensions. */
    public Map<String, String> headers(CloudEventEnvelope event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(prefix + "specversion", event.specVersion());
        headers.put(prefix + "id", event.id());
        headers.put(prefix + "source", event.source());
        headers.put(prefix + "type", event.type());
        if (event.time() != null) {
            headers.put(prefix + "time", rfc3339(event.time()));
        }
        if (event.subject() != null) {
            headers.put(prefix + "subject", event.subject());
        }
        if (event.dataContentType() != null) {
            headers.put(contentTypeHeader, event.dataContentType());
        }
        event.extensions().forEach((name, value) -> headers.put(prefix + name, value));
        return headers;
    }

    /**
     * Reads an event from its headers (names case-insensitive) and data; throws when a required attribute is missing
     * or empty, {@code specversion} is not {@code 1.0} or {@code time} is not RFC 3339.
     */
    public CloudEventEnvelope read(Map<String, String> headers, byte[] data) {
        Map<String, String> attributes = new TreeMap<>();
        String contentType = null;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(prefix)) {
                attributes.put(name.substring(prefix.length()), header.getValue());
            } else if (name.equalsIgnoreCase(contentTypeHeader)) {
                contentType = header.getValue();
            }
        }
        String specVersion = require(attributes, "specversion");
        if (!CloudEventEnvelope.SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException(prefix + "specversion", "specversion=1.0",
                    prefix + "specversion: only CloudEvents 1.0 is accepted, got '" + specVersion + "'");
        }
        String id = require(attributes, "id");
        String source = require(attributes, "source");
        String type = require(attributes, "type");
        attributes.remove("datacontenttype");
        OffsetDateTime time = null;
        String rawTime = attributes.remove("time");
        if (rawTime != null) {
            try {
                time = OffsetDateTime.parse(rawTime);
            } catch (DateTimeParseException e) {
                throw new MalformedEventException(prefix + "time", "rfc3339",
                        prefix + "time: must be an RFC 3339 timestamp, got '" + rawTime + "'");
            }
        }
        String subject = attributes.remove("subject");
        return new CloudEventEnvelope(id, source, type, specVersion, subject, time, contentType, attributes, data);
    }

    /**
     * RFC 3339 always with seconds ({@code 2026-11-21T09:30:00Z}): {@code OffsetDateTime.toString()} drops zero
     * seconds ({@code 2026-11-21T09:30Z}), which RFC 3339 does not allow, on every whole-minute event.
     */
    public static String rfc3339(OffsetDateTime time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }

    /** Kafka headers are bytes; CloudEvents attributes in them are UTF-8 strings. */
    public static String utf8(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private String require(Map<String, String> attributes, String name) {
        String value = attributes.remove(name);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException(prefix + name, "required",
                    prefix + name + ": required CloudEvents attribute is missing");
        }
        return value;
    }
}
