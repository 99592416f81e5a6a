package dev.tickcast.marketdata.kraken;

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
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.kraken.KrakenWire.KrakenFormatException;

/**
 * Kraken's public REST {@code GET /0/public/Trades}: one page of trades after a {@code since} cursor (nanoseconds
 * since the epoch), and the {@code last} cursor to ask for the next page with. Requests are paced
 * ({@link RequestPacer}, about one per second for Kraken's public limit); rate-limit and service errors
 * ({@code EGeneral:Too many requests}, {@code EAPI:Rate limit exceeded}, {@code EService:*}), HTTP 429 and 5xx and
 * I/O failures are retried with exponential back-off and jitter; any other Kraken error fails at once.
 * Thread-safe.
 */
public final class KrakenRestClient {
    public static final URI DEFAULT_BASE_URI = URI.create("https://api.kraken.com");

    private static final System.Logger LOG = System.getLogger(KrakenRestClient.class.getName());

    private final Settings settings;
    private final HttpClient http;
    private final RequestPacer pacer;

    /**
     * @param baseUri         scheme, host and port of the API ({@code https://api.kraken.com})
     * @param requestInterval least time between two request starts (Kraken public: about 1 s)
     * @param maxAttempts     attempts per page before giving up, counting the first
     * @param backoff         waits between attempts
     * @param requestTimeout  time allowed for one response
     */
    public record Settings(URI baseUri, Duration requestInterval, int maxAttempts, Backoff backoff, Duration requestTimeout) {
        public Settings {
            Objects.requireNonNull(baseUri, "baseUri");
            Objects.requireNonNull(requestInterval, "requestInterval");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts: must be at least 1, got " + maxAttempts);
            }
        }

        /** Kraken's public API at one request per second, 8 attempts, back-off from 1 s to 60 s. */
        public static Settings defaults() {
            return new Settings(DEFAULT_BASE_URI, Duration.ofSeconds(1), 8,
                    new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)), Duration.ofSeconds(15));
        }

        public Settings withBaseUri(URI value) {
            return new Settings(value, requestInterval, maxAttempts, backoff, requestTimeout);
        }

        public Settings withRequestInterval(Duration value) {
            return new Settings(baseUri, value, maxAttempts, backoff, requestTimeout);
        }

        public Settings withMaxAttempts(int value) {
            return new Settings(baseUri, requestInterval, value, backoff, requestTimeout);
        }

        public Settings withBackoff(Backoff value) {
            return new Settings(baseUri, requestInterval, maxAttempts, value, requestTimeout);
        }

        public Settings withRequestTimeout(Duration value) {
            return new Settings(baseUri, requestInterval, maxAttempts, backoff, value);
        }
    }

    /**
     * One page of trades, in Kraken's order (oldest first).
     *
     * @param resultKey the key Kraken filed the trades under ({@code XXBTZUSD} for a request of {@code XBTUSD})
     * @param last      the cursor for the next page: pass it as {@code since}
     */
    public record TradesPage(String pair, String resultKey, List<Trade> trades, long last) {
        public TradesPage {
            trades = List.copyOf(trades);
        }
    }

    public KrakenRestClient(Settings settings) {
        // HTTP/1.1: over plain http the JDK client would try an h2c upgrade on every GET, which a server that
        // half-supports it can leave hanging past the request timeout (seen against a local Vert.x server)
        this(settings, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    }

    public KrakenRestClient(Settings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        this.pacer = new RequestPacer(settings.requestInterval());
    }

    public Settings settings() {
        return settings;
    }

    /** Trades of {@code pair} ({@code BTC/USD}) after {@code sinceNanos}; blocks for pacing and retries. */
    public TradesPage trades(String pair, long sinceNanos) throws InterruptedException {
        String restName = KrakenPairs.restName(pair);
        String base = settings.baseUri().toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/0/public/Trades?pair=" + URLEncoder.encode(restName, StandardCharsets.UTF_8)
                + "&since=" + sinceNanos);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "tickcast")
                .GET()
                .build();
        for (int attempt = 1;; attempt++) {
            pacer.acquire();
            Outcome outcome = attempt(request, pair);
            if (outcome.page != null) {
                return outcome.page;
            }
            if (!outcome.retryable || attempt >= settings.maxAttempts()) {
                String message = "Kraken REST " + uri + ": " + outcome.problem
                        + (outcome.retryable ? " (gave up after " + attempt + " attempts)" : "");
                throw new KrakenApiException(message, outcome.errors, outcome.cause);
            }
            Duration delay = settings.backoff().delay(attempt - 1);
            LOG.log(System.Logger.Level.INFO, "Kraken REST {0}: {1}; retry {2}/{3} in {4} ms",
                    restName, outcome.problem, attempt, settings.maxAttempts() - 1, Long.toString(delay.toMillis()));
            Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
        }
    }

    private Outcome attempt(HttpRequest request, String pair) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Outcome.failed(true, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), List.of(), e);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            return Outcome.failed(true, "HTTP " + status, List.of(), null);
        }
        JsonNode body;
        try {
            body = KrakenWire.read(response.body());
        } catch (IOException e) {
            // a proxy's HTML error page, or a body cut short: the next attempt may fare better
            return Outcome.failed(status == 200, "HTTP " + status + " with a body that is not JSON", List.of(), e);
        }
        List<String> errors = new ArrayList<>();
        body.path("error").forEach(error -> errors.add(error.asText()));
        if (!errors.isEmpty()) {
            return Outcome.failed(errors.stream().allMatch(KrakenRestClient::isTransient), String.join(", ", errors), errors, null);
        }
        if (status != 200) {
            return Outcome.failed(false, "HTTP " + status, List.of(), null);
        }
        try {
            return Outcome.of(page(pair, body.path("result")));
        } catch (KrakenFormatException e) {
            return Outcome.failed(false, e.getMessage(), List.of(), e);
        }
    }

    /** {@code {"XXBTZUSD": [[…], …], "last": "1688671969993150842"}}: the trades are under the one key that is not {@code last}. */
    static TradesPage page(String pair, JsonNode result) {
        if (!result.isObject()) {
            throw new KrakenFormatException("result: expected an object, got " + result);
        }
        String key = null;
        JsonNode rows = null;
        for (Map.Entry<String, JsonNode> field : result.properties()) {
            if (!field.getKey().equals("last")) {
                if (key != null) {
                    throw new KrakenFormatException("result: expected one pair, got " + key + " and " + field.getKey());
                }
                key = field.getKey();
                rows = field.getValue();
            }
        }
        if (key == null || !rows.isArray()) {
            throw new KrakenFormatException("result: expected the pair's trades as an array, got " + result);
        }
        JsonNode last = result.get("last");
        if (last == null || !last.asText().matches("[0-9]{1,19}")) {
            throw new KrakenFormatException("result.last: expected a nanosecond cursor, got " + last);
        }
        List<Trade> trades = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            trades.add(KrakenWire.restTrade(rows.get(i), "result." + key + "[" + i + "]"));
        }
        return new TradesPage(pair, key, trades, Long.parseLong(last.asText()));
    }

    /**
     * Errors that say "not now" rather than "never": rate limits and service trouble. Kraken documents
     * {@code EAPI:Rate limit exceeded}, {@code EGeneral:Too many requests}, {@code EGeneral:Temporary lockout},
     * {@code EService:Unavailable}, {@code EService:Busy} and {@code EService:Deadline elapsed}.
     */
    static boolean isTransient(String error) {
        return error.startsWith("EAPI:Rate limit")
                || error.startsWith("EGeneral:Too many requests")
                || error.startsWith("EGeneral:Temporary lockout")
                || error.startsWith("EService:");
    }

    private record Outcome(TradesPage page, boolean retryable, String problem, List<String> errors, Throwable cause) {
        static Outcome of(TradesPage page) {
            return new Outcome(page, false, null, List.of(), null);
        }

        static Outcome failed(boolean retryable, String problem, List<String> errors, Throwable cause) {
            return new Outcome(null, retryable, problem, errors, cause);
        }
    }
}
