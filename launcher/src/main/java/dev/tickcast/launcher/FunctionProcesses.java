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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every built function module ({@code functions/<name>/target/quarkus-app/quarkus-run.jar}) as a child JVM with
 * the stack's environment, its log under {@code .tickcast/logs/<name>.log}. The api listens on 8080, the others
 * on the ports after it.
 */
final class FunctionProcesses implements AutoCloseable {
    static final int API_PORT = 8080;

    /** One function: its JVM now, and how to start another after it died (the log goes on where it stopped). */
    static final class Function implements FunctionSupervisor.Supervised {
        private final String name;
        private final int port;
        private final Path log;
        private final ProcessBuilder builder;
        private volatile Process process;

        Function(String name, int port, Path log, ProcessBuilder builder) {
            this.name = name;
            this.port = port;
            this.log = log;
            this.builder = builder;
        }

        @Override
        public String name() {
            return name;
        }

        int port() {
            return port;
        }

        @Override
        public Path log() {
            return log;
        }

        @Override
        public Process process() {
            return process;
        }

        Function start() throws IOException {
            process = builder.redirectOutput(log.toFile()).start();
            return this;
        }

        @Override
        public Process restart() throws IOException {
            process = builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return process;
        }

        URI url() {
            return URI.create("http://localhost:" + port);
        }

        URI readiness() {
            return url().resolve("/q/health/ready");
        }

        @Override
        public URI liveness() {
            return url().resolve("/q/health/live");
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

    /**
     * Starts every built function. The api is told where the others are ({@code TICKCAST_API_FUNCTIONS}, for
     * {@code GET /api/v1/status}) and where the supervisor keeps their restart counts ({@code TICKCAST_API_RESTARTS_FILE}).
     */
    void start(Path root, Map<String, String> environment) throws IOException {
        Path logs = Files.createDirectories(root.resolve(".tickcast/logs"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Map.Entry<String, Path>> built = discover(root);
        Files.deleteIfExists(restartsFile(root)); // a previous run's counts
        Map<String, Integer> ports = new LinkedHashMap<>();
        int nextPort = API_PORT + 1;
        for (Map.Entry<String, Path> entry : built) {
            ports.put(entry.getKey(), entry.getKey().equals("api") ? API_PORT : nextPort++);
        }
        String urls = ports.entrySet().stream().filter(e -> !e.getKey().equals("api"))
                .map(e -> e.getKey() + "=http://localhost:" + e.getValue())
                .collect(Collectors.joining(","));
        for (Map.Entry<String, Path> entry : built) {
            String name = entry.getKey();
            int port = ports.get(name);
            ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", entry.getValue().toString())
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            if (name.equals("api")) {
                builder.environment().putIfAbsent("TICKCAST_API_FUNCTIONS", urls);
                builder.environment().putIfAbsent("TICKCAST_API_RESTARTS_FILE", restartsFile(root).toString());
            }
            telemetryOffWithoutCollector(builder.environment());
            functions.add(new Function(name, port, logs.resolve(name + ".log"), builder).start());
        }
    }

    /** Where {@link FunctionSupervisor} keeps the restart counts the api reports. */
    static Path restartsFile(Path root) {
        return root.resolve(".tickcast/supervisor/restarts.properties");
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
