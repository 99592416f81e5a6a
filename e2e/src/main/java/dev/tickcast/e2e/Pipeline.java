package dev.tickcast.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.stack.FunctionProcess;
import dev.tickcast.contracts.Pairs;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.TradesPublisher;
import dev.tickcast.registry.ModelRegistry;
import dev.tickcast.stack.EmbeddedStack;
import dev.tickcast.stack.StackConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole system on one machine, as {@code ./tickcast up} runs it: the embedded stack and the packaged
 * functions ({@code functions/<name>/target/quarkus-app}) as child JVMs, fed with real trades. The end-to-end
 * test and the serving benchmarks drive it.
 */
public final class Pipeline implements AutoCloseable {
    public static final String PAIR = "BTC/USD";
    public static final String ADMIN_TOKEN = "e2e-admin-token";

    private final Path root;
    private final EmbeddedStack stack;
    private final Map<String, FunctionProcess> functions = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final S3Client s3;
    private final ModelRegistry registry;

    private Pipeline(Path root, EmbeddedStack stack) {
        this.root = root;
        this.stack = stack;
        this.s3 = S3Client.builder().region(Region.of(stack.s3Region()))
                .httpClientBuilder(Apache5HttpClient.builder())
                .endpointOverride(URI.create(stack.s3Endpoint())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.s3AccessKey(), stack.s3SecretKey())))
                .build();
        this.registry = new ModelRegistry(s3, stack.modelBucket());
    }

    /** A fresh stack in a temporary directory, with the named functions started and ready. */
    public static Pipeline start(Path root, List<String> functionNames) throws IOException, InterruptedException {
        return start(root, functionNames, Map.of());
    }

    /** The same, with {@code extraEnvironment} (e.g. an OTLP endpoint) given to every function. */
    public static Pipeline start(Path root, List<String> functionNames, Map<String, String> extraEnvironment)
            throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("tickcast-e2e");
        EmbeddedStack stack = EmbeddedStack.start(StackConfig.builder().dataDir(data).build());
        Pipeline pipeline = new Pipeline(root, stack);
        try {
            Map<String, String> environment = new HashMap<>(stack.environment());
            environment.put("TICKCAST_API_ADMIN_TOKEN", ADMIN_TOKEN);
            environment.putAll(extraEnvironment);
            if (!environment.containsKey("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")) {
                environment.put("QUARKUS_OTEL_SDK_DISABLED", "true"); // no collector to export to
            }
            for (String name : functionNames) {
                pipeline.functions.put(name, new FunctionProcess(root, name, environment));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            pipeline.close();
            throw e;
        }
        return pipeline;
    }

    public EmbeddedStack stack() {
        return stack;
    }

    public ModelRegistry registry() {
        return registry;
    }

    public FunctionProcess function(String name) {
        return functions.get(name);
    }

    /** Stops one function (SIGTERM, then SIGKILL after 20 s). */
    public void stop(String name) throws InterruptedException {
        FunctionProcess function = functions.remove(name);
        if (function != null) {
            function.close();
        }
    }

    /** Publishes trades to the broker as {@code trades.v1}, as the launcher's replay does. */
    public void replay(List<Trade> trades, double speed) throws InterruptedException {
        try (TradesPublisher publisher = new TradesPublisher(stack.kafkaBootstrapServers(), "tickcast/e2e")) {
            publisher.publish(PAIR, trades, speed, null);
        }
    }

    /** Runs the packaged training job once for {@link #PAIR} on [from, to); returns its exit code. */
    public int train(Instant from, Instant to, Path log) throws IOException, InterruptedException {
        Path jar = root.resolve("functions/train/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is not built: run ./mvnw -DskipTests install first");
        }
        ProcessBuilder builder = new ProcessBuilder(FunctionProcess.java(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-jar", jar.toString(), "--pair", PAIR, "--from", from.toString(), "--to", to.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(stack.environment());
        builder.environment().put("TICKCAST_TRAIN_EVERY", "off");
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("train did not finish in 10 minutes; see " + log);
        }
        return process.exitValue();
    }

    /** The champion version of {@link #PAIR}, if any. */
    public Optional<String> champion() {
        return registry.champion(PAIR).map(ModelRegistry.Pointer::version);
    }

    /** An HTTP request to the api; {@code admin} adds the admin bearer token. */
    public HttpResponse<String> api(String method, String path, String jsonBody, boolean admin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(functions.get("api").uri(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (admin) {
            request.header("Authorization", "Bearer " + ADMIN_TOKEN);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    /** Opens the api's WebSocket stream of a pair; every text message is kept, in arrival order. */
    public StreamClient stream(String pair) throws InterruptedException {
        StreamClient client = new StreamClient();
        URI uri = URI.create("ws://127.0.0.1:" + functions.get("api").port + "/api/v1/stream?pair=" + Pairs.toUrl(pair));
        try {
            client.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, client).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("WebSocket " + uri + " did not open", e);
        }
        return client;
    }

    /** A WebSocket client that keeps each message with the time it arrived. */
    public static final class StreamClient implements WebSocket.Listener, AutoCloseable {
        public record Message(JsonNode json, Instant receivedAt) {
        }

        private final List<Message> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(new Message(json(partial.toString()), Instant.now()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        public List<Message> messages() {
            return Collections.unmodifiableList(messages);
        }

        public List<JsonNode> ofType(String type) {
            return messages.stream().map(Message::json).filter(m -> type.equals(m.path("type").asText())).toList();
        }

        @Override
        public void close() {
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }
    }

    /** One number from the stack's database. */
    public long count(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Rows of a query as column name → value, in order. */
    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= columns; c++) {
                        row.put(rows.getMetaData().getColumnLabel(c), rows.getObject(c));
                    }
                    result.add(row);
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Polls until the condition holds; fails with {@code what} and the function logs' tails after the timeout. */
    public void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            for (Map.Entry<String, FunctionProcess> f : functions.entrySet()) {
                if (!f.getValue().isAlive()) {
                    throw new IllegalStateException(f.getKey() + " died while waiting for " + what + "; log:\n"
                            + f.getValue().logTail(60));
                }
            }
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                functions.forEach((name, f) -> logs.append("--- ").append(name).append(" ---\n").append(f.logTail(30)));
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what + "\n" + logs);
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(functions.keySet());
        Collections.reverse(names);
        for (String name : names) {
            try {
                functions.get(name).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        s3.close();
        stack.close();
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
