package dev.tickcast.predict.service;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.tickcast.featurestore.FeatureSchema;
import dev.tickcast.registry.ModelKind;

/**
 * One loaded model version of a pair, served through DJL's XGBoost engine. It predicts the log return over its
 * horizon from one input vector of its {@link #schema()}.
 * <p>
 * A swap must not close a model that an event is still predicting with: users {@link #tryAcquire()} it before
 * and {@link #release()} it after; a {@link #retire() retired} model closes its native booster when its last
 * user releases it, and cannot be acquired once closed (the caller then reads the slot again).
 */
public final class ChampionModel {
    private static final Logger LOG = Logger.getLogger(ChampionModel.class);
    /** One row in, one log return out; DJL's XGBoost engine takes the batch as is, hence no Batchifier. */
    private static final Translator<float[], Float> ONE_ROW = new Translator<>() {
        @Override
        public NDList processInput(TranslatorContext ctx, float[] input) {
            return new NDList(ctx.getNDManager().create(new float[][] { input }));
        }

        @Override
        public Float processOutput(TranslatorContext ctx, NDList list) {
            return list.singletonOrThrow().toFloatArray()[0];
        }

        @Override
        public Batchifier getBatchifier() {
            return null;
        }
    };

    private final String pair;
    private final String version;
    private final ModelKind kind;
    private final FeatureSchema schema;
    private final String schemaHash;
    private final Instant trainedUntil;
    private final int horizonMinutes;
    private final Instant promotedAt;
    private final Model model;
    /** Users predicting with it right now; −1 once closed. */
    private final AtomicInteger users = new AtomicInteger();
    private volatile boolean retired;

    ChampionModel(String pair, String version, ModelKind kind, FeatureSchema schema, String schemaHash,
            Instant trainedUntil, int horizonMinutes, Instant promotedAt, Model model) {
        this.pair = pair;
        this.version = version;
        this.kind = kind;
        this.schema = schema;
        this.schemaHash = schemaHash;
        this.trainedUntil = trainedUntil;
        this.horizonMinutes = horizonMinutes;
        this.promotedAt = promotedAt;
        this.model = model;
    }

    public String pair() {
        return pair;
    }

    public String version() {
        return version;
    }

    /** Persistence, linear or XGBoost (metadata.json {@code kind}). */
    public ModelKind kind() {
        return kind;
    }

    /** The columns the model was trained on, in order (metadata.json {@code features.names}). */
    public FeatureSchema schema() {
        return schema;
    }

    public String schemaHash() {
        return schemaHash;
    }

    /** The time of the last row of its training data (metadata.json {@code data.to}). */
    public Instant trainedUntil() {
        return trainedUntil;
    }

    public int horizonMinutes() {
        return horizonMinutes;
    }

    /** When it became champion (the event's {@code promotedAt}, or champion.json's {@code switchedAt}). */
    public Instant promotedAt() {
        return promotedAt;
    }

    /** The predicted log return for one input vector (NaN = missing, as in training). */
    public float predict(double[] x) {
        if (x.length != schema.names().size()) {
            throw new IllegalArgumentException("features: " + x.length + " values, model " + version + " of " + pair
                    + " expects " + schema.names().size());
        }
        float[] input = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            input[i] = (float) x[i];
        }
        // a predictor per call: DJL predictors are not meant to be shared between threads, and one costs little
        try (Predictor<float[], Float> predictor = model.newPredictor(ONE_ROW)) {
            return predictor.predict(input);
        } catch (TranslateException e) {
            throw new IllegalStateException("model " + version + " of " + pair + " failed to predict: " + e.getMessage(), e);
        }
    }

    /** True if the caller may predict with it until it calls {@link #release()}; false once it is closed. */
    boolean tryAcquire() {
        while (true) {
            int n = users.get();
            if (n < 0) {
                return false;
            }
            if (users.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        if (users.decrementAndGet() == 0 && retired) {
            closeIfIdle();
        }
    }

    /** No longer the champion: closes now if nobody predicts with it, otherwise when the last user releases it. */
    void retire() {
        retired = true;
        closeIfIdle();
    }

    boolean isClosed() {
        return users.get() < 0;
    }

    private void closeIfIdle() {
        if (users.compareAndSet(0, -1)) {
            model.close();
            LOG.debugf("closed model %s of %s", version, pair);
        }
    }

    @Override
    public String toString() {
        return pair + " " + kind.label() + " " + version;
    }
}
