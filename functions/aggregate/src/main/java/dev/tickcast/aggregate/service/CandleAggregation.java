package dev.tickcast.aggregate.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.tickcast.aggregate.config.AggregateConfig;
import dev.tickcast.aggregate.domain.AggregationProgress;
import dev.tickcast.aggregate.domain.CandleSeries;
import dev.tickcast.aggregate.domain.CandleWindow;
import dev.tickcast.aggregate.domain.MinuteRange;
import dev.tickcast.aggregate.domain.MinuteTrades;
import dev.tickcast.aggregate.domain.Revisions;
import dev.tickcast.aggregate.repository.CandleRepository;
import dev.tickcast.aggregate.repository.ProgressRepository;
import dev.tickcast.aggregate.repository.TradeRepository;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.TradesBatch;
import dev.tickcast.runtime.telemetry.TickcastMeters;
import dev.tickcast.runtime.telemetry.TickcastMetric;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Trades into closed 1-minute candles, one PostgreSQL transaction per batch under the pair's progress lock: store
 * the new trades, advance the watermark, derive the candles of the minutes that close and revise those that got
 * late trades. Candles are written unpublished (the outbox); {@link #process} sends them after the commit and then
 * marks exactly what it sent, so a crash in between re-sends them with the next batch.
 * <p>
 * Work is bounded whatever the gap: candles are derived in a plain loop and written, read and sent
 * {@link AggregateConfig#batchMinutes() a batch} at a time, and one transaction closes at most
 * {@link AggregateConfig#minutesPerTransaction()} minutes. A quiet pair's next trade a year later closes its
 * 525,600 minutes in committed steps, each sent before the next begins; a crash or retry resumes at the first step
 * not committed, since the pair's progress row says which minutes are still to close. One delivery works on them for
 * at most {@link AggregateConfig#deliveryBudget()}; a continuation event carries on after the other pairs' events.
 */
@ApplicationScoped
public class CandleAggregation {
    private static final Logger LOG = Logger.getLogger(CandleAggregation.class);

    @Inject
    Pool pool;

    @Inject
    AggregateConfig config;

    @Inject
    ProgressRepository progress;

    private final TickcastMeters.Count lateTrades;

    @Inject
    CandleAggregation(TickcastMeters meters) {
        lateTrades = meters.counter(TickcastMetric.TRADES_LATE);
    }

    @Inject
    TradeRepository trades;

    @Inject
    CandleRepository candles;

    /**
     * The whole handling of a batch: {@link #aggregate} it, send what is unpublished, then close and send the minutes
     * still pending, one transaction at a time, until none is or the {@link AggregateConfig#deliveryBudget() budget}
     * is spent.
     *
     * @param send sends a batch of candles in order; completes once the broker has them
     * @return true when minutes are still pending: the caller arranges a continuation
     */
    public Uni<Boolean> process(TradesBatch batch, Function<List<Candle>, Uni<Void>> send) {
        String pair = batch.pair();
        long deadline = System.nanoTime() + config.deliveryBudget().toNanos();
        boolean[] pending = new boolean[1];
        return aggregate(batch).invoke(more -> pending[0] = more).call(() -> publish(pair, send))
                .chain(ignored -> !pending[0] || System.nanoTime() >= deadline ? Uni.createFrom().item(pending[0])
                        // repeated, not recursive: each step is its own subscription, however many there are
                        : Multi.createBy().repeating()
                                .uni(() -> closePending(pair).invoke(more -> pending[0] = more).call(() -> publish(pair, send)))
                                .whilst(more -> more && System.nanoTime() < deadline)
                                .collect().last().map(last -> pending[0]))
                .invoke(more -> {
                    if (more) {
                        LOG.infof("%s: minutes still to close after %s; a continuation event carries on after the other"
                                + " pairs' events", pair, config.deliveryBudget());
                    }
                });
    }

    /**
     * Aggregates one batch in one transaction; true when minutes the watermark closed are left for
     * {@link #closePending}.
     */
    public Uni<Boolean> aggregate(TradesBatch batch) {
        String pair = batch.pair();
        // Statements combined below go out in one flight (the client pipelines them on the connection); PostgreSQL
        // runs them in order, so the trades go in once the lock is held.
        return step(pair, connection -> Uni.combine().all()
                .unis(progress.lock(connection, pair, batch.trades().get(0).time()), trades.insertNew(connection, batch))
                .asTuple()
                .map(locked -> new Locked(locked.getItem1(), locked.getItem2())));
    }

    /** Closes the next of the pair's pending minutes in one transaction; true when more are left. */
    public Uni<Boolean> closePending(String pair) {
        return step(pair, connection -> progress.lock(connection, pair).map(before -> new Locked(before, List.of())));
    }

    /**
     * Sends every unpublished candle of the pair, oldest first, a batch at a time: each batch is marked published
     * (exactly those minutes and revisions) once the broker has it.
     */
    public Uni<Void> publish(String pair, Function<List<Candle>, Uni<Void>> send) {
        int size = config.batchMinutes();
        return Multi.createBy().repeating()
                .uni(() -> candles.unpublished(pool, pair, size).call(page -> page.isEmpty() ? Uni.createFrom().voidItem()
                        : send.apply(page).chain(() -> candles.markPublished(pool, pair, page))))
                .whilst(page -> page.size() == size)
                .collect().last().replaceWithVoid();
    }

    /** The progress row, locked, and the times of the trades this step stored. */
    private record Locked(AggregationProgress before, List<Instant> newTrades) {
    }

    private Uni<Boolean> step(String pair, Function<SqlConnection, Uni<Locked>> lock) {
        CandleWindow window = new CandleWindow(config.allowedLateness());
        int[] late = new int[1];
        return pool.withTransaction(connection -> lock.apply(connection)
                .chain(locked -> seriesStart(connection, pair, locked.before(), locked.newTrades())
                        .map(first -> locked.before().advance(locked.newTrades(), window, first,
                                config.minutesPerTransaction())))
                .invoke(step -> late[0] = step.lateTrades())
                .chain(step -> write(connection, pair, step)
                        .chain(() -> step.changesProgress() ? progress.save(connection, pair, step.after())
                                : Uni.createFrom().voidItem())
                        .map(saved -> step.after().hasPending(window))))
                .invoke(() -> {
                    if (late[0] > 0) { // counted once committed: a rolled-back batch comes again
                        lateTrades.add(late[0], pair);
                    }
                });
    }

    /** Before the first close, the series begins at the minute of the pair's earliest stored trade. */
    private Uni<Instant> seriesStart(SqlConnection connection, String pair, AggregationProgress before,
            List<Instant> newTrades) {
        if (before.closedUntil() != null || newTrades.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return trades.firstTradeTime(connection, pair).map(first -> first == null ? null : CandleWindow.startOf(first));
    }

    /**
     * Writes the candles this step closes or revises, numbered against the stored ones (unchanged minutes left out):
     * each range cut into batches, derived in a plain loop, each batch one statement after the one before.
     */
    private Uni<Void> write(SqlConnection connection, String pair, AggregationProgress.Step step) {
        Uni<Map<Instant, Instant>> nextTraded = step.lateMinutes().isEmpty() ? Uni.createFrom().item(Map.of())
                : candles.nextTraded(connection, pair, step.lateMinutes());
        return nextTraded.map(step::recompute).chain(ranges -> {
            List<Batch> batches = new ArrayList<>();
            for (MinuteRange range : ranges) {
                List<MinuteRange> chunks = range.chunks(config.batchMinutes());
                for (int i = 0; i < chunks.size(); i++) {
                    batches.add(new Batch(chunks.get(i), i > 0));
                }
            }
            BigDecimal[] close = new BigDecimal[1]; // the close the previous batch of the same range ended with
            return Multi.createFrom().iterable(batches)
                    .onItem().transformToUniAndConcatenate(batch -> trades.minutes(connection, pair, List.of(batch.minutes()))
                            .chain(traded -> stored(connection, pair, step, batch, traded).chain(stored -> {
                                BigDecimal previous = batch.continues() ? close[0] : closeOf(stored.get(
                                        batch.minutes().from().minus(CandleWindow.LENGTH)));
                                List<Candle> derived = CandleSeries.derive(pair, batch.minutes(), traded, previous);
                                close[0] = derived.get(derived.size() - 1).close();
                                return candles.save(connection, pair, Revisions.toWrite(derived, stored))
                                        .replaceWith(derived.size());
                            })))
                    .collect().asList().replaceWithVoid();
        });
    }

    /** Up to a batch of consecutive minutes; {@code continues}: the minute before it is the previous batch's last. */
    private record Batch(MinuteRange minutes, boolean continues) {
    }

    private static BigDecimal closeOf(Candle candle) {
        return candle == null ? null : candle.close();
    }

    /**
     * The stored candles of the batch and of the minute before it. Minutes closing for the first time have none, so
     * they are read only for revisions and for a range that starts without trades (it carries the close before).
     */
    private Uni<Map<Instant, Candle>> stored(SqlConnection connection, String pair, AggregationProgress.Step step,
            Batch batch, Map<Instant, MinuteTrades> traded) {
        MinuteRange minutes = batch.minutes();
        if (step.lateMinutes().isEmpty() && (batch.continues() || traded.containsKey(minutes.from()))) {
            return Uni.createFrom().item(Map.of());
        }
        return candles.inRanges(connection, pair,
                List.of(new MinuteRange(minutes.from().minus(CandleWindow.LENGTH), minutes.until())));
    }
}
