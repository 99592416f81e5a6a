package dev.tickcast.train.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.Pairs;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.featurestore.FeatureDrift;
import dev.tickcast.featurestore.FeatureStore;
import dev.tickcast.runtime.EventSink;
import dev.tickcast.train.config.TrainConfig;
import dev.tickcast.registry.ChampionSwitch;
import dev.tickcast.registry.ModelRegistry;
import dev.tickcast.train.repository.SentimentFeatureFunction;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * One training run of a pair: feature store → dataset → walk-forward search → holdout → gate → registry →
 * champion switch → model.promoted.v1. Blocking: runs on the command's main thread or the scheduler's worker.
 */
@ApplicationScoped
public class TrainJob {
    public static final String SOURCE = "/tickcast/train";
    static final String XGBOOST_VERSION = "3.0.4";

    @Inject
    FeatureStore features;

    @Inject
    Pool pool;

    @Inject
    ModelRegistry registry;

    @Inject
    ChampionSwitch championSwitch;

    @Inject
    EventSink sink;

    @Inject
    TrainConfig config;

    Clock clock = Clock.systemUTC();

    /** What a run did. */
    public record Outcome(String pair, String version, boolean promoted, String reason, String location,
            Trainer.Result result) {
    }

    /**
     * Trains on the rows with {@code from <= time < to} (their targets may lie up to 5 minutes past {@code to});
     * either bound may be null: {@code to} = now, {@code from} = {@code to} − the configured lookback.
     */
    public Outcome train(String pair, Instant from, Instant to, Consumer<String> progress) {
        requirePair(pair);
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : end.minus(config.lookback());
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("--from: must be before --to, got " + start + " and " + end);
        }
        Consumer<String> log = line -> progress.accept("train " + pair + ": " + line);
        List<FeatureRow> rows = features.range(pair, start, end.plus(DatasetBuilder.HORIZON)).await().indefinitely()
                .stream().filter(r -> r.featureSet().equals(config.featureSet())).toList();
        log.accept(String.format("read %d feature rows (%s) from %s to %s", rows.size(), config.featureSet(), start, end));
        SentimentFeatures sentiment = SentimentFeatureFunction.of(pool, pair, end);
        log.accept(sentiment.names().isEmpty() ? "no sentiment features: market features only"
                : "sentiment features joined as of t: " + sentiment.names());
        Dataset dataset = DatasetBuilder.build(rows, sentiment, end);
        log.accept(String.format("%d candidate rows, %d dropped without a close at t + 5 min, %d warm-up rows skipped",
                dataset.candidates(), dataset.noTarget(), dataset.warmupSkipped()));

        Trainer.Result result = new Trainer(config.holdoutFraction(), config.folds(), config.seed()).train(dataset, log);
        try {
            Optional<ModelRegistry.Pointer> champion = registry.champion(pair);
            Optional<PromotionGate.ChampionScore> championScore = champion.map(p -> scoreChampion(pair, p, result));
            championScore.ifPresent(s -> log.accept(s.metrics() != null
                    ? String.format("champion %s on the same holdout: MAE %.4f", s.version(), s.metrics().mae())
                    : "champion " + s.version() + " not comparable: " + s.notComparable()));
            PromotionGate.Decision decision = PromotionGate.decide(result.model(), result.dieboldMariano(), championScore);

            Instant now = clock.instant();
            String version = ModelRegistry.newVersion(now);
            ObjectNode metadata = metadata(pair, version, now, start, end, result, decision, championScore);
            byte[] report = TrainingReport.html(pair, version, result, decision).getBytes(StandardCharsets.UTF_8);
            // the served model: refit on every row once the holdout has judged the one fitted without it
            registry.writeVersion(pair, version, result.served().toJson(), report, metadata);
            String location = registry.location(pair, version);
            log.accept("wrote " + location + " (model.json, report.html, metadata.json)");
            if (!decision.promote()) {
                log.accept("rejected: " + decision.reason());
                return new Outcome(pair, version, false, decision.reason(), location, result);
            }
            switchTo(pair, version, champion, metadata, "trained: " + decision.reason(), now);
            log.accept("promoted to champion: " + decision.reason());
            return new Outcome(pair, version, true, decision.reason(), location, result);
        } finally {
            result.dispose();
        }
    }

    /** Points the champion back at an earlier version that once passed the gate, and announces it. */
    public Outcome rollback(String pair, String version, Consumer<String> progress) {
        requirePair(pair);
        ChampionSwitch.Switched switched;
        try {
            switched = championSwitch.rollback(pair, version, clock.instant(), SOURCE);
        } catch (ChampionSwitch.Refused e) {
            throw new IllegalArgumentException("--rollback-to: " + e.getMessage(), e);
        }
        if (!switched.changed()) {
            progress.accept("train " + pair + ": " + version + " is already the champion");
            return new Outcome(pair, version, false, "already the champion", registry.location(pair, version), null);
        }
        send(switched);
        progress.accept("train " + pair + ": champion rolled back to " + version
                + (switched.previousVersion() == null ? "" : " (was " + switched.previousVersion() + ")"));
        return new Outcome(pair, version, true, "rollback", registry.location(pair, version), null);
    }

    private void switchTo(String pair, String version, Optional<ModelRegistry.Pointer> expected, JsonNode metadata,
            String reason, Instant at) {
        try {
            send(championSwitch.switchTo(pair, version, expected, metadata, reason, at, SOURCE));
        } catch (ChampionSwitch.ChampionChanged e) {
            throw new IllegalStateException("the champion of " + pair + " changed during this run (now "
                    + registry.champion(pair).map(ModelRegistry.Pointer::version).orElse("none") + "); " + version
                    + " is kept but not promoted: run again to judge it against the new champion", e);
        }
    }

    private void send(ChampionSwitch.Switched switched) {
        sink.send(switched.event().orElseThrow()).await().indefinitely();
    }

    private PromotionGate.ChampionScore scoreChampion(String pair, ModelRegistry.Pointer pointer, Trainer.Result result) {
        String version = pointer.version();
        String hash = pointer.champion().path("featureSchemaHash").asText();
        if (!hash.equals(result.dataset().schemaHash())) {
            return PromotionGate.ChampionScore.notComparable(version, "trained on feature schema " + hash
                    + ", this holdout has " + result.dataset().schemaHash());
        }
        Optional<byte[]> model = registry.read(pair, version, ModelRegistry.MODEL);
        if (model.isEmpty()) {
            return PromotionGate.ChampionScore.notComparable(version, "its model.json is missing");
        }
        XgboostRegressor champion = XgboostRegressor.load(model.get(), result.dataset().featureNames());
        try {
            return PromotionGate.ChampionScore.scored(version,
                    ForecastMetrics.of(result.holdout(), champion.predict(result.holdout())));
        } finally {
            champion.dispose();
        }
    }

    private ObjectNode metadata(String pair, String version, Instant now, Instant from, Instant to,
            Trainer.Result r, PromotionGate.Decision decision, Optional<PromotionGate.ChampionScore> champion) {
        ObjectNode m = Json.mapper().createObjectNode();
        m.put("pair", pair);
        m.put("version", version);
        m.put("createdAt", now.toString());
        m.put("location", registry.location(pair, version));
        ObjectNode target = m.putObject("target");
        target.put("predicts", "ln(close at t + 5 min / close at t)");
        target.put("price", "close at t × exp(prediction)");
        target.put("horizonMinutes", DatasetBuilder.HORIZON.toMinutes());
        ObjectNode model = m.putObject("model");
        model.put("file", ModelRegistry.MODEL);
        model.put("format", "xgboost-json");
        model.put("djlEngine", "XGBoost");
        model.put("djlModelName", "model");
        model.put("fittedOn", "every row (holdout included), after the holdout's judgement; metrics.holdout are those"
                + " of the same hyperparameters fitted without the holdout");
        ObjectNode features = m.putObject("features");
        features.put("featureSet", r.dataset().featureSet());
        features.put("schemaHash", r.dataset().schemaHash());
        ArrayNode names = features.putArray("names");
        r.dataset().featureNames().forEach(names::add);
        features.put("missingValue", "NaN");
        // the training distribution of the key features, for evaluate's hourly drift (PSI) against it
        ObjectNode distribution = features.putObject("distribution");
        FeatureDrift.fitKeyFeatures(r.dataset().featureNames(),
                r.dataset().rows().stream().map(TrainingRow::features).toList())
                .forEach((name, bins) -> distribution.set(name, bins.toJson()));
        ObjectNode hp = m.putObject("hyperparameters");
        hp.put("maxDepth", r.hyperparameters().maxDepth());
        hp.put("eta", r.hyperparameters().eta());
        hp.put("minChildWeight", r.hyperparameters().minChildWeight());
        hp.put("subsample", r.hyperparameters().subsample());
        hp.put("rounds", r.rounds());
        hp.put("servedRounds", r.servedRounds());
        hp.put("seed", config.seed());
        hp.put("objective", r.objective().xgboostName());
        hp.put("huberSlope", r.huberSlope());
        hp.put("treeMethod", "hist");
        ArrayNode search = m.putArray("search");
        for (Trainer.SearchPoint p : r.search()) {
            ObjectNode s = search.addObject();
            s.put("hyperparameters", p.hyperparameters().toString());
            s.put("meanValidationSkill", p.meanValidationSkill());
            s.put("rounds", p.rounds());
        }
        ObjectNode data = m.putObject("data");
        data.put("requestedFrom", from.toString());
        data.put("requestedTo", to.toString());
        data.put("from", String.valueOf(r.dataset().from()));
        data.put("to", String.valueOf(r.dataset().to()));
        data.put("rows", r.dataset().size());
        data.put("candidateRows", r.dataset().candidates());
        data.put("droppedWithoutTarget", r.dataset().noTarget());
        data.put("warmupRowsSkipped", r.dataset().warmupSkipped());
        data.put("walkForwardRows", r.trainRows());
        data.put("holdoutRows", r.holdout().size());
        data.put("holdoutFrom", r.holdout().get(0).time().toString());
        data.put("holdoutTo", r.holdout().get(r.holdout().size() - 1).time().toString());
        ObjectNode metrics = m.putObject("metrics");
        ArrayNode folds = metrics.putArray("folds");
        for (Trainer.Fold f : r.folds()) {
            ObjectNode fold = folds.addObject();
            fold.put("fold", f.index());
            fold.put("trainRows", f.trainRows());
            fold.put("validationFrom", f.validationFrom().toString());
            fold.put("validationTo", f.validationTo().toString());
            fold.put("rounds", f.rounds());
            put(fold.putObject("model"), f.model().asMap(""));
            put(fold.putObject("drift"), f.drift().asMap(""));
        }
        ObjectNode holdout = metrics.putObject("holdout");
        put(holdout.putObject("model"), r.model().asMap(""));
        put(holdout.putObject("persistence"), r.persistence().asMap(""));
        put(holdout.putObject("drift"), r.drift().asMap(""));
        holdout.put("dieboldMariano", Double.isFinite(r.dieboldMariano()) ? r.dieboldMariano() : 1e9);
        champion.ifPresent(c -> {
            ObjectNode ch = holdout.putObject("champion");
            ch.put("version", c.version());
            if (c.metrics() != null) {
                put(ch, c.metrics().asMap(""));
            } else {
                ch.put("notComparable", c.notComparable());
            }
        });
        ObjectNode importance = m.putObject("featureImportance");
        r.importance().forEach(importance::put);
        ObjectNode gate = m.putObject("gate");
        gate.put("promote", decision.promote());
        gate.put("reason", decision.reason());
        ObjectNode versions = m.putObject("versions");
        versions.put("xgboost4j", XGBOOST_VERSION);
        versions.put("java", Runtime.version().toString());
        versions.put("tickcast", config.codeVersion().orElse("unknown"));
        versions.put("trainingSeconds", r.seconds());
        return m;
    }

    private static void put(ObjectNode node, Map<String, Double> values) {
        values.forEach((k, v) -> node.put(k, Double.isFinite(v) ? v : 0));
    }

    private static void requirePair(String pair) {
        if (!Pairs.isEventForm(pair)) {
            throw new IllegalArgumentException("--pair: must be BASE/QUOTE or BASE-QUOTE in upper case (e.g. BTC/USD), got '"
                    + pair + "'");
        }
    }
}
