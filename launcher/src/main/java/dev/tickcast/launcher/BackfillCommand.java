package dev.tickcast.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.tickcast.marketdata.TradesPublisher;
import dev.tickcast.marketdata.kraken.KrakenApiException;
import dev.tickcast.marketdata.kraken.KrakenRestClient;
import dev.tickcast.marketdata.kraken.RequestPacer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./tickcast backfill}: Kraken's REST trades of the last days into a running stack's broker topic, one
 * page at a time, resumable through {@code .tickcast/backfill/<pair>.cursor}.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = { "Publish the last days of a pair's trades from Kraken's REST Trades endpoint to a running stack.",
                "After each page Kafka acknowledged, Kraken's cursor is saved in", "  .tickcast/backfill/<pair>.cursor",
                "so running the command again continues where it stopped and publishes nothing twice." })
class BackfillCommand implements Callable<Integer> {
    static final String SOURCE = "kraken-rest";

    @Spec
    CommandSpec spec;

    @Option(names = "--pair", defaultValue = "BTC/USD", description = "pair, BTC/USD or BTC-USD (default ${DEFAULT-VALUE})")
    String pair;

    @Option(names = "--days", defaultValue = "1", description = "how many days back from now (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--kraken-url", defaultValue = "https://api.kraken.com", description = "Kraken REST base URL (default ${DEFAULT-VALUE})")
    URI krakenUrl;

    @Option(names = "--rate", defaultValue = "1", description = "REST requests per second at most; Kraken's public limit is about 1 (default ${DEFAULT-VALUE}; 0: no limit)")
    double rate;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: TICKCAST_KAFKA_BOOTSTRAP or the local stack's localhost:"
            + UpCommand.DEFAULT_KAFKA_PORT + ")")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        String eventPair;
        try {
            eventPair = ReplayCommand.normalisePair(pair);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (days < 1) {
            throw new ParameterException(spec.commandLine(), "--days: must be at least 1, got " + days);
        }
        if (rate < 0) {
            throw new ParameterException(spec.commandLine(), "--rate: must not be negative, got " + rate);
        }
        String servers = bootstrap != null ? bootstrap
                : System.getenv().getOrDefault("TICKCAST_KAFKA_BOOTSTRAP", "localhost:" + UpCommand.DEFAULT_KAFKA_PORT);
        KrakenRestClient rest = new KrakenRestClient(KrakenRestClient.Settings.defaults()
                .withBaseUri(krakenUrl)
                .withRequestInterval(RequestPacer.perSecond(rate).interval()));
        Path cursors = Tickcast.root().resolve(".tickcast/backfill");
        Instant until = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = until.minus(Duration.ofDays(days));

        // Ctrl-C: stop between requests or batches, so the cursor names the last page Kafka acknowledged
        Thread worker = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            worker.interrupt();
            try {
                finished.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tickcast-backfill-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try (TradesPublisher publisher = new TradesPublisher(servers, SOURCE)) {
            Backfill backfill = new Backfill(rest, (p, trades) -> publisher.publish(p, trades, 0, null), cursors, System.out);
            Backfill.Result result = backfill.run(eventPair, from, until);
            if (result.trades() == 0) {
                System.out.printf("%s: nothing new on Kraken since the last backfill (cursor %s)%n", eventPair, backfill.cursorFile(eventPair));
            } else {
                System.out.printf("backfilled %,d trades of %s in %,d pages to %s, up to %s; cursor %s%n", result.trades(), eventPair,
                        result.pages(), servers, result.reached(), backfill.cursorFile(eventPair));
            }
            return 0;
        } catch (InterruptedException e) {
            System.out.printf("%nbackfill of %s stopped; run the same command again to continue after the last page published%n", eventPair);
            return 130;
        } catch (KrakenApiException e) {
            System.err.println("backfill failed: " + e.getMessage());
            return 1;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for finished, counted down above
            }
        }
    }
}
