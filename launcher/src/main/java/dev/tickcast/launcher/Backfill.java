package dev.tickcast.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.kraken.KrakenRestClient;
import dev.tickcast.marketdata.kraken.KrakenRestClient.TradesPage;
import dev.tickcast.marketdata.kraken.KrakenWire;
import dev.tickcast.marketdata.kraken.TradeDeduplicator;

/**
 * Pages Kraken's REST {@code Trades} of one pair from a start time until it reaches an end time (or nothing is
 * newer), hands each page's new trades to a {@link PageSink}, and after each page the sink accepted records the
 * cursor. Running it again continues after the last recorded page: trades already published are not requested
 * again, and a page published but not yet recorded when a run stopped is published again with the same trade
 * ids and the same batch event ids, which consumers drop.
 */
final class Backfill {

    /** Where a page's new trades go; returns once they are stored for good (e.g. acknowledged by Kafka). */
    @FunctionalInterface
    interface PageSink {
        void publish(String pair, List<Trade> trades) throws InterruptedException;
    }

    /**
     * @param reached the time of the last trade published, or null when nothing was
     */
    record Result(int pages, long trades, Instant reached, boolean resumed) {
    }

    private final KrakenRestClient rest;
    private final PageSink sink;
    private final Path cursors;
    private final PrintStream progress;

    /**
     * @param cursors  the directory of the cursor files ({@code .tickcast/backfill})
     * @param progress where one line per page goes, or null
     */
    Backfill(KrakenRestClient rest, PageSink sink, Path cursors, PrintStream progress) {
        this.rest = rest;
        this.sink = sink;
        this.cursors = cursors;
        this.progress = progress;
    }

    Path cursorFile(String pair) {
        return BackfillCursor.file(cursors, pair);
    }

    /** Backfills {@code pair} from {@code from} up to {@code until}, continuing a run that stopped earlier. */
    Result run(String pair, Instant from, Instant until) throws InterruptedException {
        Path file = cursorFile(pair);
        long fromNanos = KrakenWire.nanos(from);
        long untilNanos = KrakenWire.nanos(until);
        Optional<BackfillCursor> saved = BackfillCursor.load(file);
        long since;
        TradeDeduplicator deduplicator;
        boolean resumed = saved.isPresent() && saved.get().pair().equals(pair) && saved.get().since() >= fromNanos;
        if (resumed) {
            BackfillCursor cursor = saved.get();
            since = cursor.since();
            deduplicator = new TradeDeduplicator(cursor.lastTradeId(), cursor.lastTradeTime());
            print("%s: continuing after trade %s at %s (cursor %s)%n", pair, cursor.lastTradeId(), cursor.lastTradeTime(), file);
        } else {
            since = fromNanos;
            deduplicator = new TradeDeduplicator();
            print("%s: backfilling from %s to %s%n", pair, from, until);
        }

        int pages = 0;
        long published = 0;
        Instant reached = null;
        while (since < untilNanos) {
            TradesPage page = rest.trades(pair, since);
            pages++;
            List<Trade> fresh = deduplicator.fresh(page.trades());
            if (fresh.isEmpty()) {
                break; // nothing newer on Kraken
            }
            sink.publish(pair, fresh);
            deduplicator.advance(fresh);
            Trade last = fresh.get(fresh.size() - 1);
            new BackfillCursor(pair, page.last(), last.id(), last.time()).save(file);
            published += fresh.size();
            reached = last.time();
            print("%s page %,d: +%,d trades (%,d in all), event time %s (%d%% of the window)%n",
                    pair, pages, fresh.size(), published, reached, percent(from, until, reached));
            if (page.last() <= since) {
                break; // the cursor did not move: Kraken has nothing after it
            }
            since = page.last();
        }
        return new Result(pages, published, reached, resumed);
    }

    private static long percent(Instant from, Instant until, Instant reached) {
        long window = Duration.between(from, until).toMillis();
        if (window <= 0) {
            return 100;
        }
        return Math.max(0, Math.min(100, Duration.between(from, reached).toMillis() * 100 / window));
    }

    private void print(String format, Object... args) {
        if (progress != null) {
            progress.printf(format, args);
        }
    }
}
