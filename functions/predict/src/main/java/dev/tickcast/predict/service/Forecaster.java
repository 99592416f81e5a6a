package dev.tickcast.predict.service;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.contracts.model.TradingSignal;
import dev.tickcast.featurestore.FeatureSchema;
import dev.tickcast.featurestore.SentimentFeatureStore;
import dev.tickcast.predict.config.PredictConfig;
import dev.tickcast.predict.domain.ServingRules;
import dev.tickcast.predict.domain.SignalRule;
import dev.tickcast.predict.domain.SkipReason;
import dev.tickcast.predict.repository.PredictionStore;
import dev.tickcast.predict.repository.PredictionStore.Stored;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * One feature row in, its prediction and signal out (stored), or nothing when a rule says so:
 * <ol>
 * <li>a row already predicted is answered with what is stored, whatever the champion is now (idempotent);</li>
 * <li>then the {@link ServingRules} in their order: warm-up, stale, no model, expired, schema mismatch;</li>
 * <li>otherwise the champion predicts the log return r from the row's vector ({@link FeatureSchema#vector}, the
 * same code train builds its rows with), the price is close × exp(r), and the {@link SignalRule} decides.</li>
 * </ol>
 */
@ApplicationScoped
public class Forecaster {
    private static final Logger LOG = Logger.getLogger(Forecaster.class);
    /** A predicted price keeps 12 significant digits: far more than a float model output carries. */
    private static final MathContext PRICE = new MathContext(12, RoundingMode.HALF_EVEN);

    private final ChampionModels models;
    private final PredictionStore store;
    private final SentimentFeatureStore sentiment;
    private final SkipCounts skips;
    private final ServingRules rules;
    private final SignalRule signals;

    public Forecaster(ChampionModels models, PredictionStore store, SentimentFeatureStore sentiment, SkipCounts skips,
            PredictConfig config) {
        this.models = models;
        this.store = store;
        this.sentiment = sentiment;
        this.skips = skips;
        this.rules = new ServingRules(config.maxLag(), config.modelMaxAge());
        this.signals = new SignalRule(config.signal().feeRate(), config.signal().minEdge());
    }

    /** The stored prediction and signal of {@code row}; a null item when the row is skipped. */
    public Uni<Stored> forecast(FeatureRow row) {
        return store.find(row.pair(), row.time())
                .chain(stored -> stored != null ? Uni.createFrom().item(stored) : fresh(row));
    }

    public SignalRule signalRule() {
        return signals;
    }

    private Uni<Stored> fresh(FeatureRow row) {
        return store.newestPredicted(row.pair()).chain(newest -> {
            Optional<SkipReason> skip = rules.beforeModel(row, newest);
            if (skip.isPresent()) {
                return skipped(row, skip.get(), newest == null ? "" : "newest predicted row " + newest);
            }
            // the registry and the native model are blocking: a worker thread
            return Uni.createFrom().item(() -> models.acquire(row.pair()))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .chain(model -> model == null ? skipped(row, SkipReason.NO_MODEL, "")
                            : withModel(row, model).eventually(model::release));
        });
    }

    private Uni<Stored> withModel(FeatureRow row, ChampionModel model) {
        FeatureSchema built = FeatureSchema.of(row, model.schema().sentimentNames());
        Optional<SkipReason> skip = rules.withModel(row, model.kind(), model.trainedUntil(), built.hash(),
                model.schemaHash());
        if (skip.isPresent()) {
            String detail = skip.get() == SkipReason.EXPIRED
                    ? "model " + model.version() + " trained until " + model.trainedUntil()
                    : "row schema " + built.hash() + ", model " + model.version() + " schema " + model.schemaHash();
            return skipped(row, skip.get(), detail);
        }
        Uni<double[]> sentimentValues = model.schema().sentimentNames().isEmpty()
                ? Uni.createFrom().item(new double[0])
                : sentiment.asOf(SentimentFeatureStore.coin(row.pair()), row.time());
        return sentimentValues
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(s -> model.predict(model.schema().vector(row, s)))
                .chain(r -> {
                    Prediction prediction = prediction(row, model, r);
                    return store.save(prediction, signal(prediction));
                });
    }

    private static Prediction prediction(FeatureRow row, ChampionModel model, double logReturn) {
        if (!Double.isFinite(logReturn)) {
            throw new IllegalStateException("model " + model.version() + " of " + row.pair() + " predicted "
                    + logReturn + " for the row at " + row.time());
        }
        BigDecimal price = row.close().multiply(BigDecimal.valueOf(Math.exp(logReturn)), PRICE);
        if (price.scale() < 0) {
            price = price.setScale(0);
        }
        Instant target = row.time().plus(Duration.ofMinutes(model.horizonMinutes()));
        return new Prediction(row.pair(), row.time(), target, model.horizonMinutes(), row.close(), price, logReturn,
                model.version());
    }

    private TradingSignal signal(Prediction p) {
        return new TradingSignal(p.pair(), p.featuresTime(), signals.action(p.predictedLogReturn()), p.basePrice(),
                p.predictedLogReturn(), signals.threshold(), p.modelVersion());
    }

    private Uni<Stored> skipped(FeatureRow row, SkipReason reason, String detail) {
        skips.increment(row.pair(), reason);
        LOG.infof("no prediction for %s at %s: %s%s", row.pair(), row.time(), reason.label(),
                detail.isEmpty() ? "" : " (" + detail + ")");
        return Uni.createFrom().nullItem();
    }
}
