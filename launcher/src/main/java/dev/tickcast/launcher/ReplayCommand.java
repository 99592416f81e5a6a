package dev.tickcast.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.tickcast.marketdata.TradesPublisher;
import dev.tickcast.contracts.Pairs;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.TradesFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./tickcast replay}: publishes a trades file to a running stack's broker topic. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay trades from a CSV file (Bitstamp format: Unix seconds, price, amount) into a running stack.")
class ReplayCommand implements Callable<Integer> {

    @Option(names = "--file", description = "CSV file; default: the real Bitstamp BTC/USD week (2013-11-25..12-01)")
    Path file;

    @Option(names = "--pair", defaultValue = "BTC/USD", description = "pair of the trades, BTC/USD or BTC-USD (default ${DEFAULT-VALUE})")
    String pair;

    @Option(names = "--speed", defaultValue = "max", converter = Speed.class,
            description = "N times real time, or max (default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: TICKCAST_KAFKA_BOOTSTRAP or the local stack's localhost:"
            + UpCommand.DEFAULT_KAFKA_PORT + ")")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        String eventPair = normalisePair(pair);
        List<Trade> trades = file == null ? TradesFile.bitstamp() : TradesFile.read(file);
        String servers = bootstrap != null ? bootstrap
                : System.getenv().getOrDefault("TICKCAST_KAFKA_BOOTSTRAP", "localhost:" + UpCommand.DEFAULT_KAFKA_PORT);
        String source = file == null ? "file:bitstamp" : "file:" + file.getFileName();
        try (TradesPublisher publisher = new TradesPublisher(servers, source)) {
            long sent = publisher.publish(eventPair, trades, speed, System.out);
            System.out.printf("replayed %,d trades of %s to %s%n", sent, eventPair, servers);
        }
        return 0;
    }

    static String normalisePair(String pair) {
        String candidate = pair.contains("-") ? Pairs.fromUrl(pair) : pair;
        if (!Pairs.isEventForm(candidate)) {
            throw new IllegalArgumentException("--pair: must be BASE/QUOTE or BASE-QUOTE in upper case (e.g. BTC/USD), got '" + pair + "'");
        }
        return candidate;
    }
}
