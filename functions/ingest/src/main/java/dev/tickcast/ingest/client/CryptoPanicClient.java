package dev.tickcast.ingest.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.ingest.service.NewsCandidate;

/**
 * A CryptoPanic-style posts API (v1): {@code GET <url>?auth_token=…&public=true} answers
 * {@code {"count", "next", "previous", "results": [{"id", "title", "url", "published_at", "source": {…},
 * "currencies": [{"code", …}], …}]}}, newest first; {@code next} is the URL of the next (older) page or null.
 * The token is never stored or logged: a cursor is the {@code next} URL without it.
 */
public final class CryptoPanicClient implements NewsSource {
    /** One page: its items in the order served, and the cursor of the next page (null on the last). */
    public record Page(List<NewsCandidate> items, String next) {
    }

    private final String name;
    private final URI url;
    private final String token;
    private final HttpClient http;
    private final Duration timeout;

    public CryptoPanicClient(String name, URI url, String token, HttpClient http, Duration timeout) {
        this.name = Objects.requireNonNull(name, "name");
        this.url = Objects.requireNonNull(url, "url");
        this.token = Objects.requireNonNull(token, "token");
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    /** The cursor of the first (newest) page. */
    public String firstPage() {
        String query = url.getRawQuery();
        return url + (query == null ? "?" : "&") + "public=true";
    }

    /** Reads the page a cursor names. */
    public Page page(String cursor) throws IOException, InterruptedException, SourceFailure {
        URI target = withToken(cursor);
        HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout).header("Accept", "application/json")
                .header("User-Agent", HttpSupport.USER_AGENT).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw HttpSupport.failure(name, response);
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new SourceFailure(name + ": not JSON at " + HttpSupport.redacted(cursor), e);
        }
        if (body == null || !body.isObject() || !body.path("results").isArray()) {
            throw new SourceFailure(0, null, name + ": not a CryptoPanic-style posts page (no results array) at "
                    + HttpSupport.redacted(cursor));
        }
        List<NewsCandidate> items = new ArrayList<>();
        for (JsonNode post : body.get("results")) {
            items.add(candidate(post));
        }
        JsonNode next = body.path("next");
        return new Page(items, next.isTextual() && !next.asText().isBlank() ? cursorOf(next.asText()) : null);
    }

    private NewsCandidate candidate(JsonNode post) {
        String id = text(post, "id");
        String link = text(post, "url");
        String newsId = id != null ? "cp-" + id
                : "cp-" + EventIds.derive(name, link != null ? link : post.toString());
        List<String> currencies = new ArrayList<>();
        post.path("currencies").forEach(c -> currencies.add(text(c, "code")));
        String summary = text(post.path("metadata"), "description");
        return NewsCandidate.of(newsId, name, link, text(post, "title"), summary != null ? summary : text(post, "description"),
                text(post, "published_at"), currencies);
    }

    /** A {@code next} URL as stored: same server as configured (the token goes nowhere else), token removed. */
    String cursorOf(String next) throws SourceFailure {
        URI uri;
        try {
            uri = url.resolve(next);
        } catch (IllegalArgumentException e) {
            throw new SourceFailure(name + ": 'next' is not a URL: " + HttpSupport.redacted(next), e);
        }
        if (!Objects.equals(uri.getScheme(), url.getScheme()) || !Objects.equals(uri.getHost(), url.getHost())
                || uri.getPort() != url.getPort()) {
            throw new SourceFailure(0, null, name + ": 'next' leads to another server (" + uri.getScheme() + "://"
                    + uri.getHost() + "), not following it with the token");
        }
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        List<String> kept = new ArrayList<>();
        for (String parameter : query.split("&")) {
            if (!parameter.isEmpty() && !parameter.startsWith("auth_token=")) {
                kept.add(parameter);
            }
        }
        String base = uri.toString();
        int q = base.indexOf('?');
        return (q < 0 ? base : base.substring(0, q)) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    private URI withToken(String cursor) {
        String auth = "auth_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return URI.create(cursor + (cursor.contains("?") ? "&" : "?") + auth);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }
}
