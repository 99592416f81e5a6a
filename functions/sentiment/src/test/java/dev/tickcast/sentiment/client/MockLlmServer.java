package dev.tickcast.sentiment.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local LLM provider speaking two real wire formats: OpenAI chat completions ({@code POST /v1/chat/completions},
 * answer in {@code choices[0].message.content}, token counts in {@code usage}) and Ollama's native chat
 * ({@code POST /api/chat}, answer in {@code message.content}, counts in {@code prompt_eval_count} / {@code eval_count}).
 * What it answers depends on a marker in the headline: none → a good answer for every coin asked for;
 * {@code [malformed]} → broken JSON; {@code [out-of-range]} → a score of 1.7; {@code [unknown-coin]} → a coin not asked
 * for; {@code [slow]} → a good answer after 8 s; {@code [flaky]} → broken JSON the first time, then a good answer.
 * JSON is written and read as text on purpose: this class lives in the test JVM's class loader, beside the app's,
 * and must not load a second Jackson there.
 */
public final class MockLlmServer implements AutoCloseable {
    public static final int PROMPT_TOKENS = 123;
    public static final int COMPLETION_TOKENS = 45;
    public static final double GOOD_SCORE = 0.6;
    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]*)\"");

    private final HttpServer server;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

    public MockLlmServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> handle(exchange, true));
        server.createContext("/api/chat", exchange -> handle(exchange, false));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests on {@code path} carried a headline containing {@code headlinePart}. */
    public int requests(String path, String headlinePart) {
        return requests.entrySet().stream().filter(e -> e.getKey().startsWith(path + " ") && e.getKey().contains(headlinePart))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** Every request body received, as sent. */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    private void handle(HttpExchange exchange, boolean openAi) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(request);
            String headline = line(request, "Headline: ");
            int count = requests.computeIfAbsent(exchange.getRequestURI().getPath() + " " + headline, k -> new AtomicInteger())
                    .incrementAndGet();
            List<String> coins = List.of(line(request, "Coins: ").split(",\\s*"));
            String content;
            if (headline.contains("[malformed]") || (headline.contains("[flaky]") && count == 1)) {
                content = "{\"scores\": [{\"coin\": \"" + coins.get(0) + "\", \"score\": 0.5,";
            } else if (headline.contains("[out-of-range]")) {
                content = answer(coins, 1.7, coins.get(0));
            } else if (headline.contains("[unknown-coin]")) {
                content = answer(coins, GOOD_SCORE, "ZZZ");
            } else {
                if (headline.contains("[slow]")) {
                    sleep(8000);
                }
                content = answer(coins, GOOD_SCORE, coins.get(0));
            }
            Matcher modelMatch = MODEL.matcher(request);
            String model = modelMatch.find() ? modelMatch.group(1) : "";
            String response = openAi
                    ? "{\"id\":\"chatcmpl-" + count + "\",\"object\":\"chat.completion\",\"created\":1795294800,"
                            + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                            + "\"content\":" + quote(content) + "},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":" + COMPLETION_TOKENS
                            + ",\"total_tokens\":" + (PROMPT_TOKENS + COMPLETION_TOKENS) + "}}"
                    : "{\"model\":\"" + model + "\",\"created_at\":\"2026-11-21T20:00:00Z\","
                            + "\"message\":{\"role\":\"assistant\",\"content\":" + quote(content) + "},"
                            + "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":1000000,\"load_duration\":1000,"
                            + "\"prompt_eval_count\":" + PROMPT_TOKENS + ",\"prompt_eval_duration\":1000,"
                            + "\"eval_count\":" + COMPLETION_TOKENS + ",\"eval_duration\":1000}";
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String answer(List<String> coins, double score, String firstCoin) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < coins.size(); i++) {
            entries.add("{\"coin\":\"" + (i == 0 ? firstCoin : coins.get(i)) + "\",\"score\":" + score
                    + ",\"confidence\":0.9,\"reasoning\":\"mock rating\"}");
        }
        return "{\"scores\":[" + String.join(",", entries) + "]}";
    }

    /** The rest of the prompt line starting with {@code prefix}, read from the JSON-escaped request body. */
    private static String line(String body, String prefix) {
        int start = body.lastIndexOf(prefix);
        if (start < 0) {
            return "";
        }
        start += prefix.length();
        int end = body.indexOf("\\n", start);
        int quote = body.indexOf('"', start);
        end = end < 0 ? quote : quote < 0 ? end : Math.min(end, quote);
        return body.substring(start, end).trim();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
