package dev.tickcast.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.tickcast.marketdata.TradesPublisher;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.TradesFile;
import dev.tickcast.stack.EmbeddedStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./tickcast up}: the embedded stack, every built function and the api, fed with the real Bitstamp trades.
 * Ctrl-C stops the feed, then the functions, then the stack.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the whole system on the embedded stack and feed it real trades; functions that die or stay DOWN "
                + "are restarted. Ctrl-C stops everything.")
class UpCommand implements Callable<Integer> {
    static final int DEFAULT_KAFKA_PORT = 19092;

    @Mixin
    StackOptions stackOptions;

    @Option(names = "--speed", defaultValue = "60", converter = Speed.class,
            description = "replay the trades at N times real time, or max (default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--history", defaultValue = "6h", converter = NewsPollSchedule.Every.class,
            description = "publish the first stretch of the file at full speed, as history, then the rest at --speed "
                    + "(covers featurize's 240-minute warm-up, so the persistence baseline serves within seconds; "
                    + "off for none; default ${DEFAULT-VALUE})")
    java.time.Duration history;

    @Option(names = "--no-feed", description = "start everything but publish no trades")
    boolean noFeed;

    @Option(names = "--live", description = "take live trades from Kraken (WebSocket v2, gaps filled from REST) instead of the file")
    boolean live;

    @Option(names = "--pairs", defaultValue = "BTC/USD", split = ",",
            description = "with --live: the pairs to stream, comma-separated (default ${DEFAULT-VALUE})")
    List<String> pairs;

    @Option(names = "--news-every", defaultValue = "5m", converter = NewsPollSchedule.Every.class,
            description = "publish a news-poll tick this often: ingest polls the news sources configured in the environment "
                    + "(CRYPTOPANIC_TOKEN, TICKCAST_INGEST_NEWS_FEEDS=name=url,…); off for none (default ${DEFAULT-VALUE})")
    java.time.Duration newsEvery;

    @Option(names = "--restart-grace", defaultValue = "30s", converter = ShortDuration.Converter.class,
            description = "restart a function whose liveness (/q/health/live) stays DOWN or unreachable this long "
                    + "(default ${DEFAULT-VALUE}); one whose JVM dies is restarted too. Restarts back off from 1 s to 30 s")
    Duration restartGrace;

    @Option(names = "--max-restarts", defaultValue = "5",
            description = "give up on a function after this many restarts in a row without staying up for a minute "
                    + "(default ${DEFAULT-VALUE}); 0: never restart")
    int maxRestarts;

    @Override
    public Integer call() throws Exception {
        if (live) {
            pairs = pairs.stream().map(ReplayCommand::normalisePair).toList();
        }
        long started = System.nanoTime();
        Path root = Tickcast.root();
        System.out.println("starting the embedded stack (state in " + root.resolve(".tickcast") + ") …");
        EmbeddedStack stack;
        try {
            stack = EmbeddedStack.start(stackOptions.config());
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.err.println("could not start the embedded stack: " + cause.getMessage()
                    + "\n  is another ./tickcast running? (its state is in " + root.resolve(".tickcast/data")
                    + "; ports " + stackOptions.kafkaPort + ", " + stackOptions.dbPort + ", " + stackOptions.s3Port + ")");
            return 1;
        }
        // the api's admin actions need a bearer token: the user's (TICKCAST_API_ADMIN_TOKEN) or a fresh one per run
        String adminToken = Optional.ofNullable(System.getenv("TICKCAST_API_ADMIN_TOKEN")).filter(t -> !t.isBlank())
                .orElseGet(UpCommand::newToken);
        FunctionProcesses functions = new FunctionProcesses();
        Thread feed = new Thread(() -> feed(stack.kafkaBootstrapServers()), "tickcast-feed");
        NewsPollSchedule news = new NewsPollSchedule(stack.kafkaBootstrapServers(), newsEvery);
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<FunctionSupervisor> supervisor = new java.util.concurrent.atomic.AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping …");
            feed.interrupt();
            news.close();
            // before the functions stop, or their exits would look like deaths to restart
            Optional.ofNullable(supervisor.get()).ifPresent(FunctionSupervisor::close);
            functions.close();
            stack.close();
            stopped.countDown();
        }, "tickcast-stop"));
        try {
            Map<String, String> environment = new java.util.HashMap<>(stack.environment());
            if (live) {
                environment.put("TICKCAST_INGEST_LIVE", "true");
                environment.put("TICKCAST_INGEST_PAIRS", String.join(",", pairs));
                environment.put("TICKCAST_API_PAIRS", String.join(",", pairs));
            }
            environment.put("TICKCAST_API_ADMIN_TOKEN", adminToken);
            functions.start(root, environment);
            functions.awaitReady(Duration.ofSeconds(120));
        } catch (RuntimeException | java.io.IOException e) {
            System.err.println("tickcast up failed: " + e.getMessage());
            System.exit(1);
        }
        supervisor.set(new FunctionSupervisor(functions.functions(), FunctionSupervisor.Settings.of(restartGrace, maxRestarts),
                event -> System.out.println(event.message()), Optional.of(FunctionProcesses.restartsFile(root))).start());
        if (live) {
            System.out.println("live: ingest streams " + pairs + " from Kraken (see .tickcast/logs/ingest.log)");
        } else if (!noFeed) {
            feed.setDaemon(true);
            feed.start();
        }
        news.start();
        System.out.printf("%nTickcast is up in %.1f s%n", (System.nanoTime() - started) / 1e9);
        for (FunctionProcesses.Function function : functions.functions()) {
            System.out.printf("  %-10s http://localhost:%d   log: %s%n", function.name(), function.port(),
                    root.relativize(function.log()));
        }
        System.out.println("  dashboard  http://localhost:" + FunctionProcesses.API_PORT + "/");
        System.out.println("  admin      Authorization: Bearer " + adminToken + "  (POST /api/v1/admin/models/{pair}/…)");
        System.out.println("  kafka      " + stack.kafkaBootstrapServers() + "  (topic knative-broker-tickcast-default)");
        System.out.println("  postgres   " + stack.jdbcUrl() + "  (user " + stack.dbUser() + ")");
        System.out.println("  s3         " + stack.s3Endpoint() + "  (bucket " + stack.modelBucket() + ")");
        System.out.println("  news       " + (news.enabled() ? "a poll tick every " + newsEvery : "no poll ticks (--news-every off)"));
        System.out.println("  status     http://localhost:" + FunctionProcesses.API_PORT + "/api/v1/status  (a function that dies or stays "
                + "DOWN for " + FunctionSupervisor.seconds(restartGrace) + " is restarted)");
        System.out.println("Ctrl-C stops everything.");
        stopped.await();
        return 0;
    }

    private void feed(String bootstrap) {
        List<Trade> trades = TradesFile.bitstamp();
        // like live mode, which backfills before it streams: the first stretch goes out at once as history
        java.time.Instant historyEnd = trades.get(0).time().plus(history).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        List<Trade> past = trades.stream().filter(t -> t.time().isBefore(historyEnd)).toList();
        List<Trade> rest = trades.stream().filter(t -> !t.time().isBefore(historyEnd)).toList();
        try (TradesPublisher publisher = new TradesPublisher(bootstrap, "file:bitstamp")) {
            if (!past.isEmpty()) {
                System.out.printf("feeding the first %d minutes of real Bitstamp BTC/USD trades (%,d) at full speed as "
                        + "history%n", history.toMinutes(), past.size());
                publisher.publish("BTC/USD", past, 0, System.out);
            }
            System.out.printf("feeding %,d real Bitstamp BTC/USD trades at %s%n", rest.size(),
                    speed > 0 ? speed + "x real time" : "full speed");
            publisher.publish("BTC/USD", rest, speed, System.out);
            System.out.println("all trades published");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.err.println("trades feed stopped: " + e.getMessage());
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
