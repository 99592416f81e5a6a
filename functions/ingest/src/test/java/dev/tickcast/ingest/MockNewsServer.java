package dev.tickcast.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.tickcast.contracts.json.Json;

/**
 * A local news site speaking the wire formats the poller reads, one "site" per first path segment:
 * <ul>
 * <li>{@code /<site>/api/v1/posts/?auth_token=…&public=true[&page=N]}: CryptoPanic v1 posts pages, newest first,
 * {@code next} as CryptoPanic writes it (absolute, with the auth token), 401 without the token;</li>
 * <li>{@code /<site>/feed.xml}: an RSS 2.0 or Atom document, with an ETag honoured by If-None-Match (304).</li>
 * </ul>
 * Failures can be queued per site (e.g. 429 with Retry-After); every request is logged.
 */
public final class MockNewsServer implements AutoCloseable {
    public static final String TOKEN = "test-token";
    public static final int PAGE_SIZE = 2;

    /** A logged request: path and raw query, and the conditional header sent. */
    public record Request(String site, String pathAndQuery, String ifNoneMatch) {
    }

    private record Failure(int status, String retryAfter) {
    }

    private final HttpServer server;
    private final Map<String, List<ObjectNode>> posts = new ConcurrentHashMap<>();
    private final Map<String, String> feeds = new ConcurrentHashMap<>();
    private final Map<String, Deque<Failure>> failures = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private MockNewsServer(HttpServer server) {
        this.server = server;
    }

    public static MockNewsServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            MockNewsServer mock = new MockNewsServer(server);
            server.createContext("/", mock::handle);
            server.start();
            return mock;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI postsUrl(String site) {
        return URI.create(base() + "/" + site + "/api/v1/posts/");
    }

    public URI feedUrl(String site) {
        return URI.create(base() + "/" + site + "/feed.xml");
    }

    /** Publishes a post at the head of the site's list (the newest). */
    public synchronized void post(String site, ObjectNode post) {
        posts.computeIfAbsent(site, s -> new CopyOnWriteArrayList<>()).add(0, post);
    }

    public void feed(String site, String document) {
        feeds.put(site, document);
    }

    /** The next {@code times} requests to the site answer {@code status} (with Retry-After when not null). */
    public void fail(String site, int status, String retryAfter, int times) {
        Deque<Failure> queue = failures.computeIfAbsent(site, s -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(new Failure(status, retryAfter));
            }
        }
    }

    public List<Request> requests(String site) {
        return requests.stream().filter(r -> r.site().equals(site)).toList();
    }

    /** A CryptoPanic v1 post as the API serves it. */
    public static ObjectNode createPost(long id, String title, String url, Instant publishedAt, String... currencies) {
        ObjectNode post = Json.mapper().createObjectNode();
        post.put("kind", "news");
        post.put("domain", "example.org");
        ObjectNode source = post.putObject("source");
        source.put("title", "Example News");
        source.put("region", "en");
        source.put("domain", "example.org");
        source.putNull("path");
        if (title != null) {
            post.put("title", title);
        }
        post.put("published_at", publishedAt.toString());
        post.put("slug", "slug-" + id);
        post.put("id", id);
        if (url != null) {
            post.put("url", url);
        }
        post.put("created_at", publishedAt.toString());
        ArrayNode coins = post.putArray("currencies");
        for (String code : currencies) {
            ObjectNode coin = coins.addObject();
            coin.put("code", code);
            coin.put("title", code.equals("BTC") ? "Bitcoin" : code);
            coin.put("slug", code.toLowerCase());
            coin.put("url", "https://cryptopanic.com/news/" + code.toLowerCase() + "/");
        }
        ObjectNode votes = post.putObject("votes");
        votes.put("negative", 0);
        votes.put("positive", 1);
        votes.put("important", 0);
        return post;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String[] segments = path.split("/");
            String site = segments.length > 1 ? segments[1] : "";
            requests.add(new Request(site, path + (query == null ? "" : "?" + query),
                    exchange.getRequestHeaders().getFirst("If-None-Match")));
            Deque<Failure> queue = failures.get(site);
            Failure failure = null;
            if (queue != null) {
                synchronized (queue) {
                    failure = queue.poll();
                }
            }
            if (failure != null) {
                if (failure.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", failure.retryAfter());
                }
                send(exchange, failure.status(), "application/json", "{\"status\":\"api_error\",\"info\":\"rate limit\"}");
            } else if (path.endsWith("/api/v1/posts/")) {
                posts(exchange, site, query == null ? "" : query);
            } else if (path.endsWith("/feed.xml") && feeds.containsKey(site)) {
                String document = feeds.get(site);
                String etag = "\"" + Integer.toHexString(document.hashCode()) + "\"";
                if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    exchange.getResponseHeaders().add("ETag", etag);
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
                exchange.getResponseHeaders().add("ETag", etag);
                send(exchange, 200, document.contains("<feed") ? "application/atom+xml" : "application/rss+xml", document);
            } else {
                send(exchange, 404, "text/plain", "not found");
            }
        }
    }

    private void posts(HttpExchange exchange, String site, String query) throws IOException {
        Map<String, String> params = new java.util.HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        if (!TOKEN.equals(params.get("auth_token"))) {
            send(exchange, 401, "application/json", "{\"status\":\"Incomplete\",\"info\":\"Token not found\"}");
            return;
        }
        List<ObjectNode> all = new ArrayList<>(posts.getOrDefault(site, List.of()));
        int page = Integer.parseInt(params.getOrDefault("page", "1"));
        int from = Math.min((page - 1) * PAGE_SIZE, all.size());
        int to = Math.min(from + PAGE_SIZE, all.size());
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("count", all.size());
        String pageUrl = postsUrl(site) + "?auth_token=" + TOKEN + "&public=true&page=";
        if (to < all.size()) {
            body.put("next", pageUrl + (page + 1));
        } else {
            body.putNull("next");
        }
        if (page > 1) {
            body.put("previous", pageUrl + (page - 1));
        } else {
            body.putNull("previous");
        }
        body.putArray("results").addAll(all.subList(from, to));
        send(exchange, 200, "application/json", body.toString());
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
