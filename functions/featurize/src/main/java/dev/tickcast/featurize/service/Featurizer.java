package dev.tickcast.featurize.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.featurize.repository.CandleHistory;
import dev.tickcast.featurestore.FeatureStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * One candle in, its feature row out, the same for live, backfill and replay: remember the candle, read its
 * window back (the candle and the {@value FeatureCalculator#WINDOW} − 1 before it), compute, store.
 * Idempotent: a redelivered candle finds the same window and stores the same row.
 */
@ApplicationScoped
public class Featurizer {
    private final CandleHistory candles;
    private final FeatureStore features;

    public Featurizer(CandleHistory candles, FeatureStore features) {
        this.candles = candles;
        this.features = features;
    }

    /**
     * The feature row of {@code candle}, stored; a null item when a higher revision of the candle's minute is
     * stored already (the stale candle is ignored: its minute's row was computed from the newer revision).
     */
    public Uni<FeatureRow> featurize(Candle candle) {
        return candles.upsert(candle).onItem().transformToUni(stored -> {
            if (!stored) {
                return Uni.createFrom().nullItem();
            }
            return candles.window(candle.pair(), candle.start(), FeatureCalculator.WINDOW)
                    // ta4j over a few hundred bars is CPU work: not on the event loop the database answered on
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(FeatureCalculator::compute)
                    .call(row -> features.upsert(row, candle.revision()));
        });
    }
}
