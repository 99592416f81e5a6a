package dev.tickcast.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged function ({@code functions/<name>/target/quarkus-app/quarkus-run.jar}) as a child JVM on a free
 * port, with the stack's environment; ready once {@code /q/health/ready} answers 200. The harnesses that run the
 * packaged functions (e2e, bench) share it.
 */
public final class FunctionProcess implements AutoCloseable {
    public final String name;
    public final int port;
    private final Process process;
    private final Path log;

    /** With the local system's JVM options ({@code -Xmx512m -XX:+UseSerialGC}). */
    public FunctionProcess(Path root, String name, Map<String, String> environment) throws IOException, InterruptedException {
        this(root, name, environment, List.of("-Xmx512m", "-XX:+UseSerialGC"));
    }

    public FunctionProcess(Path root, String name, Map<String, String> environment, List<String> jvmOptions)
            throws IOException, InterruptedException {
        this.name = name;
        Path jar = root.resolve("functions/" + name + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is not built: run ./mvnw -DskipTests install first");
        }
        port = freePort();
        log = Files.createTempFile("tickcast-" + name, ".log");
        List<String> command = new java.util.ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        process = builder.start();
        awaitReady();
    }

    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The last lines of the function's log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + logTail(60));
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready in 120 s; log:\n" + logTail(60));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
