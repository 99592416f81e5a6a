package dev.tickcast.aggregate.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Trades into closed 1-minute candles, one PostgreSQL transaction per batch under the pair's progress lock: store
 * the new trades, advance the watermark, derive the candles of the minutes that close and revise those that got
 * late trades. Candles are written unpublished (the outbox); the caller sends them after the commit and then
 * {@link #markPublished marks} exactly what it sent, so a crash in between re-sends them with the next batch.
 */
@ApplicationScoped
public class CandleAggregation {
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

    /** Aggregates one batch; returns every candle of the pair that is not yet published, in minute order. */
    public Uni<List<Candle>> aggregate(TradesBatch batch) {
        String pair = batch.pair();
        CandleWindow window = new CandleWindow(config.allowedLateness());
        int[] late = new int[1];
        // Statements combined below go out in one flight (the client pipelines them on the connection); PostgreSQL
        // runs them in order, so the trades go in once the lock is held, and the unpublished candles are read after
        // this batch's candles are written.
        return pool.withTransaction(connection -> Uni.combine().all()
                .unis(progress.lock(connection, pair, batch.trades().get(0).time()), trades.insertNew(connection, batch))
                .asTuple()
                .chain(locked -> seriesStart(connection, pair, locked.getItem1(), locked.getItem2())
                        .map(first -> locked.getItem1().advance(locked.getItem2(), window, first)))
                .invoke(step -> late[0] = step.lateTrades())
                .chain(step -> changedCandles(connection, pair, step).chain(changed -> Uni.combine().all().unis(
                        candles.save(connection, pair, changed),
                        step.changesProgress() ? progress.save(connection, pair, step.after()) : Uni.createFrom().voidItem(),
                        candles.unpublished(connection, pair))
                        .with((saved, progressed, unpublished) -> unpublished))))
                .invoke(() -> {
                    if (late[0] > 0) { // counted once committed: a rolled-back batch comes again
                        lateTrades.add(late[0], pair);
                    }
                });
    }

    /** Marks exactly these candles (pair, minute, revision) as published. */
    public Uni<Void> markPublished(String pair, List<Candle> published) {
        return published.isEmpty() ? Uni.createFrom().voidItem() : candles.markPublished(pool, pair, published);
    }

    /** Before the first close, the series begins at the minute of the pair's earliest stored trade. */
    private Uni<Instant> seriesStart(SqlConnection connection, String pair, AggregationProgress before,
            List<Instant> newTrades) {
        if (before.closedUntil() != null || newTrades.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return trades.firstTradeTime(connection, pair).map(first -> first == null ? null : CandleWindow.startOf(first));
    }

    /** The candles this step closes or revises, numbered against the stored ones; unchanged minutes left out. */
    private Uni<List<Candle>> changedCandles(SqlConnection connection, String pair, AggregationProgress.Step step) {
        Uni<Map<Instant, Instant>> nextTraded = step.lateMinutes().isEmpty() ? Uni.createFrom().item(Map.of())
                : candles.nextTraded(connection, pair, step.lateMinutes());
        return nextTraded.map(step::recompute).chain(ranges -> {
            if (ranges.isEmpty()) {
                return Uni.createFrom().item(List.<Candle> of());
            }
            return trades.minutes(connection, pair, ranges)
                    .chain(traded -> stored(connection, pair, step, ranges, traded).map(stored -> {
                        List<Candle> derived = new ArrayList<>();
                        for (MinuteRange range : ranges) {
                            Candle previous = stored.get(range.from().minus(CandleWindow.LENGTH));
                            derived.addAll(CandleSeries.derive(pair, range, traded,
                                    previous == null ? null : previous.close()));
                        }
                        return Revisions.toWrite(derived, stored);
                    }));
        });
    }

    /**
     * The stored candles of the ranges and of the minute before each. Minutes closing for the first time have none,
     * so they are read only for revisions and for a range that starts without trades (it carries the close before).
     */
    private Uni<Map<Instant, Candle>> stored(SqlConnection connection, String pair, AggregationProgress.Step step,
            List<MinuteRange> ranges, Map<Instant, MinuteTrades> traded) {
        if (step.lateMinutes().isEmpty() && ranges.stream().allMatch(range -> traded.containsKey(range.from()))) {
            return Uni.createFrom().item(Map.of());
        }
        return candles.inRanges(connection, pair, ranges.stream()
                .map(range -> new MinuteRange(range.from().minus(CandleWindow.LENGTH), range.until())).toList());
    }
}
