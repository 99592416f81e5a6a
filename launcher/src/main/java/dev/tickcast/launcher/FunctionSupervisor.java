package dev.tickcast.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.json.Json;
import dev.tickcast.marketdata.kraken.Backoff;

/**
 * Keeps the functions of {@code ./tickcast up} running. Every {@code interval} it looks at each function's process and
 * asks its liveness check ({@code /q/health/live}); a function whose process died, or whose liveness is not UP for
 * longer than the grace period (the startup allowance until it was first UP), is restarted after a back-off that
 * grows with each restart in a row. A function that fails {@code maxRestarts} times in a row, without staying UP for
 * {@code stable} in between, is given up on and reported: restarting it forever would hide the fault in the console.
 * <p>
 * One thread does all the watching, so restarts of one function never race each other; {@link #close()} stops it
 * before the owner stops the functions, so a shutdown is never mistaken for a death.
 */
final class FunctionSupervisor implements AutoCloseable {

    /** A function the supervisor keeps running. */
    interface Supervised {
        String name();

        /** The process running now. */
        Process process();

        /** Starts a new process; the previous one has exited. */
        Process restart() throws IOException;

        URI liveness();

        Path log();
    }

    /**
     * @param interval    how often each function is looked at
     * @param startup     how long a (re)started function may take until its liveness is first UP
     * @param grace       how long a function that was UP may then be DOWN or unreachable before it is restarted
     * @param stable      how long a restarted function must stay UP for its failures in a row to be forgotten
     * @param backoff     the wait before restart n of a row ({@code backoff.delay(n - 1)})
     * @param maxRestarts restarts in a row before the function is given up on
     */
    record Settings(Duration interval, Duration startup, Duration grace, Duration stable, Backoff backoff, int maxRestarts) {
        Settings {
            if (maxRestarts < 0) {
                throw new IllegalArgumentException("maxRestarts: must be >= 0, got " + maxRestarts);
            }
        }

        /** {@code ./tickcast up}'s: a look every 2 s, 120 s to start, back-off from 1 s up to 30 s. */
        static Settings of(Duration grace, int maxRestarts) {
            return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(120), grace, Duration.ofSeconds(60),
                    new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)), maxRestarts);
        }
    }

    /** What the supervisor did, as the console says it. */
    sealed interface Event {
        String function();

        String message();
    }

    /** @param restart the function's restarts so far, this one included */
    record Restarting(String function, String why, int restart, Duration delay) implements Event {
        @Override
        public String message() {
            return function + " " + why + "; restarting in " + seconds(delay) + " (restart " + restart + ")";
        }
    }

    record Recovered(String function, int restart) implements Event {
        @Override
        public String message() {
            return function + " is live again (restart " + restart + ")";
        }
    }

    record GaveUp(String function, String why, int restartsInARow, Path log) implements Event {
        @Override
        public String message() {
            return function + " " + why + (restartsInARow == 0 ? "" : " again after " + restartsInARow + " restarts in a row")
                    + "; not restarting it any more (see " + log + ")";
        }
    }

    /** One liveness answer: UP, DOWN (with the checks that are down) or unreachable (with why). */
    record Liveness(String status, String detail) {
        boolean up() {
            return status.equals("UP");
        }
    }

    private final class Watch {
        final Supervised function;
        int restarts;
        int failuresInARow;
        boolean upSinceStart;
        boolean recovering;
        boolean gaveUp;
        long startedAt = System.nanoTime();
        Long upSince;
        Long notUpSince;
        Long restartAt;

        Watch(Supervised function) {
            this.function = function;
        }
    }

    private final List<Watch> watches = new ArrayList<>();
    private final Settings settings;
    private final Consumer<Event> listener;
    private final Optional<Path> restartsFile;
    private final HttpClient http;
    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param restartsFile where the restart count of each function is kept (a properties file the api reads), if
     *                     anywhere
     */
    FunctionSupervisor(List<? extends Supervised> functions, Settings settings, Consumer<Event> listener,
            Optional<Path> restartsFile) {
        functions.forEach(f -> watches.add(new Watch(f)));
        this.settings = settings;
        this.listener = listener;
        this.restartsFile = restartsFile;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
        this.thread = new Thread(this::run, "tickcast-supervisor");
        thread.setDaemon(true);
        writeRestarts();
    }

    FunctionSupervisor start() {
        thread.start();
        return this;
    }

    /** Restarts of each function so far. */
    synchronized Map<String, Integer> restarts() {
        Map<String, Integer> restarts = new LinkedHashMap<>();
        watches.forEach(w -> restarts.put(w.function.name(), w.restarts));
        return restarts;
    }

    /** How often every function has been looked at so far. */
    long rounds() {
        return rounds.get();
    }

    private void run() {
        while (running) {
            for (Watch watch : watches) {
                if (!running) {
                    return;
                }
                try {
                    look(watch);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a bug here must not end the supervision of every other function
                    System.err.println("supervisor: " + watch.function.name() + ": " + e);
                }
            }
            rounds.incrementAndGet();
            try {
                Thread.sleep(settings.interval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void look(Watch watch) throws InterruptedException {
        if (watch.gaveUp) {
            return;
        }
        long now = System.nanoTime();
        if (watch.restartAt != null) {
            if (now - watch.restartAt >= 0) {
                restart(watch);
            }
            return;
        }
        Process process = watch.function.process();
        if (!process.isAlive()) {
            failed(watch, "died (exit " + process.exitValue() + ")");
            return;
        }
        Liveness liveness = liveness(watch.function.liveness());
        if (!process.isAlive()) {
            return; // it died while asked: the next look says so with its exit code
        }
        now = System.nanoTime();
        if (liveness.up()) {
            watch.notUpSince = null;
            watch.upSinceStart = true;
            if (watch.upSince == null) {
                watch.upSince = now;
            }
            if (watch.recovering) {
                watch.recovering = false;
                listener.accept(new Recovered(watch.function.name(), watch.restarts));
            }
            if (watch.failuresInARow > 0 && now - watch.upSince >= settings.stable().toNanos()) {
                watch.failuresInARow = 0;
            }
            return;
        }
        watch.upSince = null;
        if (watch.notUpSince == null) {
            watch.notUpSince = watch.upSinceStart ? now : watch.startedAt;
        }
        Duration allowed = watch.upSinceStart ? settings.grace() : settings.startup();
        if (now - watch.notUpSince > allowed.toNanos()) {
            stop(process);
            failed(watch, liveness.status() + " for more than " + seconds(allowed)
                    + (watch.upSinceStart ? "" : " since it started") + " (" + liveness.detail() + ")");
        }
    }

    private synchronized void failed(Watch watch, String why) {
        watch.failuresInARow++;
        watch.upSince = null;
        watch.notUpSince = null;
        if (watch.failuresInARow > settings.maxRestarts()) {
            watch.gaveUp = true;
            listener.accept(new GaveUp(watch.function.name(), why, settings.maxRestarts(), watch.function.log()));
            return;
        }
        Duration delay = settings.backoff().delay(watch.failuresInARow - 1);
        watch.restarts++;
        watch.restartAt = System.nanoTime() + delay.toNanos();
        writeRestarts();
        listener.accept(new Restarting(watch.function.name(), why, watch.restarts, delay));
    }

    private void restart(Watch watch) {
        watch.restartAt = null;
        watch.startedAt = System.nanoTime();
        watch.upSinceStart = false;
        watch.recovering = true;
        try {
            watch.function.restart();
        } catch (IOException | RuntimeException e) {
            failed(watch, "could not be started (" + e.getMessage() + ")");
        }
    }

    private Liveness liveness(URI uri) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return new Liveness("UP", "");
            }
            return new Liveness("DOWN", downChecks(response));
        } catch (IOException e) {
            return new Liveness("unreachable", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** The checks that are DOWN, as SmallRye Health lists them: {@code {"status":"DOWN","checks":[{"name",…}]}}. */
    private static String downChecks(HttpResponse<String> response) {
        try {
            List<String> down = new ArrayList<>();
            for (JsonNode check : Json.mapper().readTree(response.body()).path("checks")) {
                if (!"UP".equals(check.path("status").asText())) {
                    down.add(check.path("name").asText("?") + " " + check.path("status").asText("?"));
                }
            }
            return down.isEmpty() ? "HTTP " + response.statusCode() : String.join(", ", down);
        } catch (IOException | RuntimeException e) {
            return "HTTP " + response.statusCode();
        }
    }

    /** SIGTERM, then SIGKILL after 10 s: a function that hangs may not shut down by itself. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void writeRestarts() {
        if (restartsFile.isEmpty()) {
            return;
        }
        Properties properties = new Properties();
        restarts().forEach((name, count) -> properties.setProperty(name, Integer.toString(count)));
        Path file = restartsFile.get();
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
                properties.store(out, "restarts of each function by ./tickcast up's supervisor");
            }
            // the api reads it at any time: never half written
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** Stops watching (waits for a look in progress); the functions keep running. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
