package dev.tickcast.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.tickcast.marketdata.kraken.Backoff;

/**
 * The supervisor against tiny child processes ({@code sleep}, {@code sh -c 'exit 3'}) standing in for function JVMs,
 * and a local server answering their liveness as SmallRye Health does.
 */
class FunctionSupervisorTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    HttpServer health;
    /** What the fake liveness endpoint answers: 200 UP or 503 DOWN. */
    final AtomicReference<String> status = new AtomicReference<>("UP");
    final AtomicInteger probes = new AtomicInteger();
    final BlockingQueue<FunctionSupervisor.Event> events = new LinkedBlockingQueue<>();
    final List<Child> children = new ArrayList<>();
    FunctionSupervisor supervisor;

    @BeforeEach
    void startHealth() throws IOException {
        health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        health.createContext("/q/health/live", exchange -> {
            probes.incrementAndGet();
            String state = status.get();
            byte[] body = ("{\"status\":\"" + state + "\",\"checks\":[{\"name\":\"kafka-binding\",\"status\":\"" + state
                    + "\"},{\"name\":\"alive\",\"status\":\"UP\"}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(state.equals("UP") ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        health.start();
    }

    @AfterEach
    void stopAll() {
        if (supervisor != null) {
            supervisor.close();
        }
        children.forEach(c -> c.processes.forEach(Process::destroyForcibly));
        health.stop(0);
    }

    @Test
    void aKilledFunctionIsRestartedAndSaysSo() throws Exception {
        Child child = child("aggregate", "sleep", "600");
        supervise(settings(Duration.ofHours(1), 5), child);
        Process first = child.process();

        first.destroyForcibly().waitFor();

        FunctionSupervisor.Restarting restarting = next(FunctionSupervisor.Restarting.class);
        assertThat(restarting.message()).matches("aggregate died \\(exit 137\\); restarting in [0-9.]+ s \\(restart 1\\)");
        assertThat(next(FunctionSupervisor.Recovered.class).restart()).isEqualTo(1);
        assertThat(child.processes).hasSize(2);
        assertThat(child.process().isAlive()).isTrue();
        assertThat(child.process().pid()).isNotEqualTo(first.pid());
        assertThat(supervisor.restarts()).containsEntry("aggregate", 1);
        Properties file = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("restarts.properties"))) {
            file.load(in);
        }
        assertThat(file).containsEntry("aggregate", "1");
    }

    @Test
    void aFunctionThatStaysDownLongerThanTheGraceIsStoppedAndRestarted() throws Exception {
        Child child = child("featurize", "sleep", "600");
        supervise(settings(Duration.ofMillis(300), 5), child);
        awaitProbes(2); // it was UP
        Process first = child.process();

        status.set("DOWN");

        FunctionSupervisor.Restarting restarting = next(FunctionSupervisor.Restarting.class);
        assertThat(restarting.message())
                .startsWith("featurize DOWN for more than 0.3 s (kafka-binding DOWN); restarting in ")
                .endsWith("(restart 1)");
        assertThat(first.isAlive()).as("the DOWN process is stopped before another starts").isFalse();
        status.set("UP");
        next(FunctionSupervisor.Recovered.class);
        assertThat(child.processes).hasSize(2);
        assertThat(child.process().isAlive()).isTrue();
    }

    @Test
    void aFunctionDownForLessThanTheGraceIsLeftAlone() throws Exception {
        Child child = child("featurize", "sleep", "600");
        supervise(settings(Duration.ofHours(1), 5), child);
        awaitProbes(2);

        status.set("DOWN");
        awaitProbes(probes.get() + 5);

        assertThat(events).isEmpty();
        assertThat(child.processes).hasSize(1);
        assertThat(child.process().isAlive()).isTrue();
    }

    @Test
    void theBackOffGrowsWithEachRestartInARow() throws Exception {
        status.set("DOWN"); // still starting whenever it is seen alive: only its deaths count
        Child child = child("predict", "sh", "-c", "exit 3");
        supervise(settings(Duration.ofHours(1), 4), child);

        List<Duration> delays = new ArrayList<>();
        for (int restart = 1; restart <= 4; restart++) {
            FunctionSupervisor.Restarting restarting = next(FunctionSupervisor.Restarting.class);
            assertThat(restarting.restart()).isEqualTo(restart);
            assertThat(restarting.why()).isEqualTo("died (exit 3)");
            delays.add(restarting.delay());
        }
        // equal jitter: restart n waits between half and all of 40 ms × 2^(n−1), so each wait is at least the one before
        for (int i = 1; i < delays.size(); i++) {
            assertThat(delays.get(i)).isGreaterThanOrEqualTo(delays.get(i - 1));
        }
        assertThat(delays.get(2)).isGreaterThan(delays.get(0));
        assertThat(delays.get(3)).isGreaterThan(delays.get(1));
    }

    @Test
    void aFunctionThatKeepsDyingIsReportedAndNoLongerRestarted() throws Exception {
        status.set("DOWN"); // still starting whenever it is seen alive: only its deaths count
        Child child = child("predict", "sh", "-c", "exit 3");
        supervise(settings(Duration.ofHours(1), 2), child);

        next(FunctionSupervisor.Restarting.class);
        next(FunctionSupervisor.Restarting.class);
        FunctionSupervisor.GaveUp gaveUp = next(FunctionSupervisor.GaveUp.class);

        assertThat(gaveUp.message()).isEqualTo("predict died (exit 3) again after 2 restarts in a row; not restarting it any "
                + "more (see " + child.log() + ")");
        assertThat(child.processes).hasSize(3);
        assertThat(supervisor.restarts()).containsEntry("predict", 2);
        awaitMoreRounds();
        assertThat(child.processes).as("given up: never started again").hasSize(3);
    }

    private FunctionSupervisor.Settings settings(Duration grace, int maxRestarts) {
        return new FunctionSupervisor.Settings(Duration.ofMillis(20), Duration.ofSeconds(30), grace, Duration.ofHours(1),
                new Backoff(Duration.ofMillis(40), Duration.ofSeconds(5)), maxRestarts);
    }

    private void supervise(FunctionSupervisor.Settings settings, Child child) {
        supervisor = new FunctionSupervisor(List.of(child), settings, events::add,
                java.util.Optional.of(dir.resolve("restarts.properties"))).start();
    }

    private <E extends FunctionSupervisor.Event> E next(Class<E> type) throws InterruptedException {
        FunctionSupervisor.Event event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(event).as("an event within " + WAIT).isNotNull();
        assertThat(event).isInstanceOf(type);
        return type.cast(event);
    }

    private void awaitProbes(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (probes.get() < count) {
            assertThat(System.nanoTime()).as("%d liveness probes within %s", count, WAIT).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Lets the supervisor look at every function a few more times. */
    private void awaitMoreRounds() throws InterruptedException {
        long until = supervisor.rounds() + 5;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (supervisor.rounds() < until) {
            assertThat(System.nanoTime()).as("5 more rounds within %s", WAIT).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private Child child(String name, String... command) throws IOException {
        Child child = new Child(name, new ProcessBuilder(command).redirectErrorStream(true), dir.resolve(name + ".log"),
                URI.create("http://127.0.0.1:" + health.getAddress().getPort() + "/q/health/live"));
        children.add(child);
        child.restart();
        return child;
    }

    /** A stand-in function: every process it started, the last one current. */
    static final class Child implements FunctionSupervisor.Supervised {
        final String name;
        final ProcessBuilder builder;
        final Path log;
        final URI liveness;
        final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();

        Child(String name, ProcessBuilder builder, Path log, URI liveness) {
            this.name = name;
            this.builder = builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            this.log = log;
            this.liveness = liveness;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Process process() {
            return processes.get(processes.size() - 1);
        }

        @Override
        public Process restart() throws IOException {
            Process process = builder.start();
            processes.add(process);
            return process;
        }

        @Override
        public URI liveness() {
            return liveness;
        }

        @Override
        public Path log() {
            return log;
        }
    }
}
