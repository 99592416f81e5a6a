package dev.tickcast.api.status;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import dev.tickcast.stack.FunctionProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for the functions' health endpoints, answering as SmallRye Health does: {@code aggregate} UP (200),
 * {@code featurize} DOWN (503, its Kafka binding down), {@code predict} on a port nobody listens on; and a supervisor
 * restarts file that counts two restarts of aggregate.
 */
public class FakeFunctionsResource implements QuarkusTestResourceLifecycleManager {
    static final String UP_BODY = """
            {"status":"UP","checks":[{"name":"kafka-binding","status":"UP","data":{"partitions":4,"lag":12}},\
            {"name":"Reactive PostgreSQL connections health check","status":"UP","data":{"<default>":"UP"}}]}""";
    static final String DOWN_BODY = """
            {"status":"DOWN","checks":[{"name":"kafka-binding","status":"DOWN","data":{"error":"consumer stopped"}},\
            {"name":"Reactive PostgreSQL connections health check","status":"UP"}]}""";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            serve("/aggregate/q/health", 200, UP_BODY);
            serve("/featurize/q/health", 503, DOWN_BODY);
            server.start();
            Path restarts = Files.createTempFile("tickcast-restarts", ".properties");
            Files.writeString(restarts, "# as FunctionSupervisor writes it\naggregate=2\nfeaturize=0\n");
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            return Map.of("tickcast.api.functions", "aggregate=" + base + "/aggregate,featurize=" + base + "/featurize/,"
                    + "predict=http://127.0.0.1:" + FunctionProcess.freePort(),
                    "tickcast.api.restarts-file", restarts.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve(String path, int status, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
