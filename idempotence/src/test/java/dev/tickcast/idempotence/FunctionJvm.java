package dev.tickcast.idempotence;

import java.io.IOException;
import java.net.ServerSocket;
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

import org.awaitility.Awaitility;

/**
 * A packaged function ({@code functions/<name>/target/quarkus-app/quarkus-run.jar}) as a child JVM with the
 * stack's environment, as {@code ./tickcast up} runs it. It can be killed hard ({@link #kill()}: SIGKILL, no
 * shutdown hook, no offset commit, no flush) and started again; each start logs to its own file.
 */
final class FunctionJvm implements AutoCloseable {
    private final String name;
    private final Path jar;
    private final Map<String, String> environment;
    private final List<String> systemProperties;
    private final Path logs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Process process;
    private int port;
    private int starts;

    FunctionJvm(Path root, String name, Map<String, String> environment, List<String> systemProperties, Path logs) {
        this.name = name;
        this.jar = root.resolve("functions/" + name + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is not built: package functions/" + name + " first");
        }
        this.environment = Map.copyOf(environment);
        this.systemProperties = List.copyOf(systemProperties);
        this.logs = logs;
    }

    /** Starts the JVM and returns once it answers its readiness check (Kafka consumer and datasource up). */
    FunctionJvm start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running already");
        }
        starts++;
        port = freePort();
        Path log = logs.resolve(name + "-" + starts + ".log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx384m", "-XX:+UseSerialGC"));
        command.addAll(systemProperties);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Process started = builder.start();
        process = started;
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        Awaitility.await(name + " ready (log " + log + ")").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .failFast(name + " exited; see " + log, () -> !started.isAlive())
                .until(() -> isReady(ready));
        return this;
    }

    /** SIGKILL: the JVM gets no chance to finish a transaction, send a candle, mark it published or commit offsets. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL");
        }
        return process.exitValue();
    }

    /** The body of the readiness check ({@code /q/health/ready}), whatever its status. */
    String readiness() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    int starts() {
        return starts;
    }

    private boolean isReady(URI ready) {
        try {
            return http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM (Quarkus shuts down gracefully), SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
