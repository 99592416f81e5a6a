package dev.tickcast.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Every built function module ({@code functions/<name>/target/quarkus-app/quarkus-run.jar}) as a child JVM with
 * the stack's environment, its log under {@code .tickcast/logs/<name>.log}. The api listens on 8080, the others
 * on the ports after it.
 */
final class FunctionProcesses implements AutoCloseable {
    static final int API_PORT = 8080;

    record Function(String name, Path jar, int port, Process process, Path log) {
        URI readiness() {
            return URI.create("http://localhost:" + port + "/q/health/ready");
        }
    }

    private final List<Function> functions = new ArrayList<>();

    /** The names and jars of the functions that are built, api first. */
    static List<Map.Entry<String, Path>> discover(Path root) {
        Path functionsDir = root.resolve("functions");
        try (Stream<Path> dirs = Files.list(functionsDir)) {
            return dirs.map(dir -> Map.entry(dir.getFileName().toString(), dir.resolve("target/quarkus-app/quarkus-run.jar")))
                    .filter(e -> Files.isRegularFile(e.getValue()))
                    .sorted((a, b) -> a.getKey().equals("api") ? -1 : b.getKey().equals("api") ? 1 : a.getKey().compareTo(b.getKey()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start(Path root, Map<String, String> environment) throws IOException {
        Path logs = Files.createDirectories(root.resolve(".tickcast/logs"));
        String java = ProcessHandle.current().info().command().orElse("java");
        int nextPort = API_PORT + 1;
        for (Map.Entry<String, Path> entry : discover(root)) {
            String name = entry.getKey();
            int port = name.equals("api") ? API_PORT : nextPort++;
            Path log = logs.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", entry.getValue().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            telemetryOffWithoutCollector(builder.environment());
            functions.add(new Function(name, entry.getValue(), port, builder.start(), log));
        }
    }

    List<Function> functions() {
        return List.copyOf(functions);
    }

    /** Waits until every function answers its readiness check; fails with the function's log when one dies. */
    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Function function : functions) {
            while (true) {
                if (!function.process().isAlive()) {
                    throw new IllegalStateException(function.name() + " exited with " + function.process().exitValue()
                            + "; see " + function.log());
                }
                try {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(function.readiness())
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(function.name() + " not ready after " + timeout + "; see " + function.log());
                }
                Thread.sleep(200);
            }
        }
    }

    /** SIGTERM to all (Quarkus shuts down gracefully), then SIGKILL to whatever is left after 15 s. */
    @Override
    public void close() {
        functions.forEach(f -> f.process().destroy());
        for (Function function : functions) {
            try {
                if (!function.process().waitFor(15, TimeUnit.SECONDS)) {
                    function.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                function.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * OpenTelemetry stays off unless the user named a collector ({@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}, or
     * the traces endpoint): without one the exporters would try localhost:4317 and log every failed export.
     */
    static void telemetryOffWithoutCollector(Map<String, String> environment) {
        boolean collector = environment.containsKey("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")
                || environment.containsKey("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (!collector) {
            environment.putIfAbsent("QUARKUS_OTEL_SDK_DISABLED", "true");
        }
    }
}
