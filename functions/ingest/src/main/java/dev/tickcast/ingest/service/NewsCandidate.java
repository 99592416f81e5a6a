package dev.tickcast.ingest.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.validation.EventValidationException;
import dev.tickcast.contracts.validation.EventValidator;
import dev.tickcast.contracts.validation.Violation;

/**
 * One item as a source delivered it, already in news.v1 form and checked against the contract.
 *
 * @param newsId      stable id: the source's, or derived from the entry's guid or URL (never from the poll)
 * @param publishedAt null when the source gave none or an unreadable one (the item is then invalid)
 * @param payload     the news.v1 data, as it is emitted (or dead-lettered)
 * @param violation   why it breaks the news.v1 contract, naming field and rule; null when it is valid
 */
public record NewsCandidate(String newsId, String source, String url, Instant publishedAt, ObjectNode payload,
        String violation) {
    static final int SUMMARY_MAX = 5000;

    public boolean valid() {
        return violation == null;
    }

    /** Builds the news.v1 payload from what a source gave and validates it; absent values stay absent. */
    public static NewsCandidate of(String newsId, String source, String url, String title, String summary,
            String publishedAt, List<String> currencies) {
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.put("id", newsId);
        payload.put("source", source);
        putIfPresent(payload, "url", url);
        putIfPresent(payload, "title", title == null ? null : title.strip());
        if (summary != null && !summary.isBlank()) {
            String text = summary.strip();
            // a summary is optional context: a long one is cut, not a reason to lose the item
            payload.put("summary", text.length() <= SUMMARY_MAX ? text : text.substring(0, SUMMARY_MAX - 1) + "…");
        }
        Instant time = instant(publishedAt);
        putIfPresent(payload, "publishedAt", time != null ? time.toString() : publishedAt);
        ArrayNode codes = payload.putArray("currencies");
        if (currencies != null) {
            currencies.stream().filter(c -> c != null && !c.isBlank()).map(c -> c.strip().toUpperCase(Locale.ROOT))
                    .distinct().forEach(codes::add);
        }
        List<Violation> violations = EventValidator.validate(EventTypes.NEWS, payload);
        String violation = violations.isEmpty() ? null : new EventValidationException(EventTypes.NEWS, violations).getMessage();
        return new NewsCandidate(newsId, source, url, time, payload, violation);
    }

    /** RFC 3339 (CryptoPanic's {@code published_at}, Atom) to an instant; null when absent or unreadable. */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }
}
