package dev.tickcast.train.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
import dev.tickcast.featurestore.FeatureSchema;
import dev.tickcast.featurestore.FeatureStore;
import dev.tickcast.runtime.EventSink;
import dev.tickcast.train.config.TrainConfig;
import dev.tickcast.registry.ChampionSwitch;
import dev.tickcast.registry.ModelKind;
import dev.tickcast.registry.ModelRegistry;
import dev.tickcast.train.repository.FeatureClock;
import dev.tickcast.train.repository.SentimentFeatureFunction;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * One training run of a pair: feature store → dataset → the linear baseline and XGBoost (walk-forward search) →
 * the same holdout → gate → registry → champion switch → model.promoted.v1; and the persistence baseline, the
 * champion of a pair until a trained model beats it. Blocking: runs on the command's main thread or the
 * schedule's worker.
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

    @Inject
    FeatureClock featureClock;

    Clock clock = Clock.systemUTC();
    private Instant lastVersionAt;

    /** One model a run wrote: its kind, version, whether it became champion, and the gate's reason. */
    public record Candidate(ModelKind kind, String version, boolean promoted, String reason, String location) {
    }

    /**
     * What a run did: every candidate it wrote (linear, then XGBoost) and the XGBoost run's details. The
     * accessors {@link #version()}, {@link #promoted()}, {@link #reason()}, {@link #location()} describe the
     * candidate that became champion, or else the XGBoost one.
     */
    public record Outcome(String pair, List<Candidate> candidates, Trainer.Result result, LinearBaseline.Result linear) {
        public Outcome {
            candidates = List.copyOf(candidates);
        }

        public Candidate main() {
            return candidates.stream().filter(Candidate::promoted).findFirst()
                    .orElse(candidates.get(candidates.size() - 1));
        }

        public Optional<Candidate> candidate(ModelKind kind) {
            return candidates.stream().filter(c -> c.kind() == kind).findFirst();
        }

        public String version() {
            return main().version();
        }

        public boolean promoted() {
            return main().promoted();
        }

        public String reason() {
            return main().reason();
        }

        public String location() {
            return main().location();
        }
    }

    /** Fewer trainable rows than {@link Trainer#MIN_ROWS}: the schedule waits for more before it tries again. */
    public static class TooFewRows extends IllegalArgumentException {
        private final int rows;

        TooFewRows(int rows) {
            super("rows: need at least " + Trainer.MIN_ROWS + " training rows (non-warm-up, with a target "
                    + DatasetBuilder.HORIZON.toMinutes() + " minutes later), got " + rows);
            this.rows = rows;
        }

        public int rows() {
            return rows;
        }
    }

    /**
     * Trains on the rows with {@code from <= time < to} (their targets may lie up to 5 minutes past {@code to});
     * either bound may be null: {@code to} = the pair's newest non-warm-up feature row (event time, so a replay of
     * 2013 trains like live data), {@code from} = {@code to} − the configured lookback. Registers the persistence
     * baseline first if the pair has no champion. Both candidates, the linear baseline and XGBoost, are judged by
     * the {@link PromotionGate} on the same holdout rows, each against the best so far (the champion, then a
     * candidate that passed): the champion becomes the best that passed.
     */
    public Outcome train(String pair, Instant from, Instant to, Consumer<String> progress) {
        requirePair(pair);
        Instant end = to != null ? to : featureClock.now(pair).orElseThrow(() -> new IllegalArgumentException(
                "--to: " + pair + " has no feature row past its warm-up yet, so no event time to train up to"));
        Instant start = from != null ? from : end.minus(config.lookback());
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("--from: must be before --to, got " + start + " and " + end);
        }
        Consumer<String> log = line -> progress.accept("train " + pair + ": " + line);
        ensureChampion(pair, progress);
        List<FeatureRow> rows = features.range(pair, start, end.plus(DatasetBuilder.HORIZON)).await().indefinitely()
                .stream().filter(r -> r.featureSet().equals(config.featureSet())).toList();
        log.accept(String.format("read %d feature rows (%s) from %s to %s", rows.size(), config.featureSet(), start, end));
        SentimentFeatures sentiment = SentimentFeatureFunction.of(pool, pair, end);
        log.accept(sentiment.names().isEmpty() ? "no sentiment features: market features only"
                : "sentiment features joined as of t: " + sentiment.names());
        Dataset dataset = DatasetBuilder.build(rows, sentiment, end);
        log.accept(String.format("%d candidate rows, %d dropped without a close at t + 5 min, %d warm-up rows skipped",
                dataset.candidates(), dataset.noTarget(), dataset.warmupSkipped()));
        if (dataset.size() < Trainer.MIN_ROWS) {
            throw new TooFewRows(dataset.size());
        }

        Trainer.Result result = new Trainer(config.holdoutFraction(), config.folds(), config.seed()).train(dataset, log);
        LinearBaseline.Result linear = null;
        try {
            if (LinearBaseline.inputs(dataset.featureNames()).isEmpty()) {
                log.accept("no linear baseline: the dataset has no columns");
            } else {
                linear = LinearBaseline.fit(dataset, result.holdout(), config.seed());
                log.accept(String.format("linear baseline on %s: holdout MAE %.4f vs persistence %.4f (skill %+.4f, "
                        + "DM %.2f); weights %s", linear.inputs(), linear.model().mae(), linear.model().maePersistence(),
                        linear.model().skill(), linear.dieboldMariano(), linear.weights()));
            }
            return judgeAndWrite(pair, start, end, result, linear, log);
        } finally {
            result.dispose();
            if (linear != null) {
                linear.regressor().dispose();
            }
        }
    }

    private Outcome judgeAndWrite(String pair, Instant start, Instant end, Trainer.Result result,
            LinearBaseline.Result linear, Consumer<String> log) {
        Optional<ModelRegistry.Pointer> champion = registry.champion(pair);
        Optional<PromotionGate.ChampionScore> championScore = champion.map(p -> scoreChampion(pair, p, result));
        championScore.ifPresent(s -> log.accept(s.metrics() != null
                ? String.format("champion %s on the same holdout: MAE %.4f", s.version(), s.metrics().mae())
                : "champion " + s.version() + " not comparable: " + s.notComparable()));
        // the linear baseline first, then XGBoost: each against the best so far on the same holdout
        String linearVersion = linear != null ? nextVersion() : null;
        String version = nextVersion();
        List<ChampionRule.Contender> contenders = new ArrayList<>();
        if (linear != null) {
            contenders.add(new ChampionRule.Contender(linearVersion, "the linear baseline", linear.model(),
                    linear.dieboldMariano()));
        }
        contenders.add(new ChampionRule.Contender(version, "XGBoost", result.model(), result.dieboldMariano()));
        ChampionRule.Verdict verdict = ChampionRule.judge(championScore, contenders);
        PromotionGate.Decision linearDecision = linear != null ? verdict.decisions().get(0) : null;
        PromotionGate.Decision decision = verdict.decisions().get(verdict.decisions().size() - 1);
        String winner = verdict.winner().orElse(null);

        Instant now = clock.instant();
        List<Candidate> candidates = new ArrayList<>();
        ObjectNode winnerMetadata = null;
        if (linear != null) {
            ObjectNode metadata = linearMetadata(pair, linearVersion, now, start, end, result, linear, linearDecision,
                    championScore);
            registry.writeVersion(pair, linearVersion, linear.regressor().toJson(),
                    BaselineReport.linear(pair, linearVersion, linear, linearDecision).getBytes(StandardCharsets.UTF_8),
                    metadata);
            log.accept("wrote " + registry.location(pair, linearVersion) + " (linear baseline) — "
                    + (linearDecision.promote() ? "passed: " : "rejected: ") + linearDecision.reason());
            candidates.add(new Candidate(ModelKind.LINEAR, linearVersion, linearVersion.equals(winner),
                    linearDecision.reason(), registry.location(pair, linearVersion)));
            if (linearVersion.equals(winner)) {
                winnerMetadata = metadata;
            }
        }
        ObjectNode metadata = metadata(pair, version, now, start, end, result, decision, championScore);
        byte[] report = TrainingReport.html(pair, version, result, decision).getBytes(StandardCharsets.UTF_8);
        // the served model: refit on every row once the holdout has judged the one fitted without it
        registry.writeVersion(pair, version, result.served().toJson(), report, metadata);
        log.accept("wrote " + registry.location(pair, version) + " (model.json, report.html, metadata.json)");
        if (!decision.promote()) {
            log.accept("rejected: " + decision.reason());
        }
        candidates.add(new Candidate(ModelKind.XGBOOST, version, version.equals(winner), decision.reason(),
                registry.location(pair, version)));
        if (version.equals(winner)) {
            winnerMetadata = metadata;
        }
        if (winner != null) {
            String reason = version.equals(winner) ? decision.reason() : linearDecision.reason();
            switchTo(pair, winner, champion, winnerMetadata, "trained: " + reason, now);
            log.accept("promoted " + winner + " to champion: " + reason);
        }
        return new Outcome(pair, candidates, result, linear);
    }

    /**
     * There is always a champion: when the pair has none, or its champion cannot serve the pair's rows any more
     * (trained on another feature schema than the newest non-warm-up row has, e.g. after featurize's feature set
     * changed), registers a persistence baseline of that row's schema, makes it champion and announces it. Nothing
     * happens before the pair has such a row.
     *
     * @return the champion pointer after the check
     */
    public Optional<ModelRegistry.Pointer> ensureChampion(String pair, Consumer<String> progress) {
        requirePair(pair);
        Optional<ModelRegistry.Pointer> champion = registry.champion(pair);
        Optional<FeatureRow> newest = featureClock.newestRow(pair);
        if (newest.isEmpty() || champion.isPresent() && fits(champion.get().champion(), newest.get())) {
            return champion;
        }
        FeatureSchema schema = FeatureSchema.of(newest.get(), List.of());
        Instant now = clock.instant();
        String version = nextVersion();
        ObjectNode metadata = common(pair, version, ModelKind.PERSISTENCE, now, schema.featureSet(), schema.hash(),
                schema.names());
        ObjectNode data = metadata.putObject("data");
        // nothing is learnt; the row whose schema it takes is its only data
        data.put("from", newest.get().time().toString());
        data.put("to", newest.get().time().toString());
        data.put("rows", 0);
        ObjectNode gate = metadata.putObject("gate");
        gate.put("promote", true);
        gate.put("reason", "the persistence baseline: champion until a trained model beats it on a holdout");
        registry.writeVersion(pair, version, Baselines.persistenceModel(schema.names().size()),
                BaselineReport.persistence(pair, version, schema.featureSet(), schema.names().size())
                        .getBytes(StandardCharsets.UTF_8), metadata);
        try {
            send(championSwitch.switchTo(pair, version, champion, metadata, champion.isEmpty()
                    ? "the persistence baseline: no champion yet"
                    : "the persistence baseline: champion " + champion.get().version() + " was trained on another "
                            + "feature schema than the rows have now", now, SOURCE));
            progress.accept("train " + pair + ": persistence baseline " + version + " is champion ("
                    + schema.featureSet() + ", " + schema.names().size() + " columns)");
        } catch (ChampionSwitch.ChampionChanged e) {
            progress.accept("train " + pair + ": persistence baseline " + version + " written but not switched to: "
                    + e.getMessage());
        }
        return registry.champion(pair);
    }

    /** Whether the rows predict builds from {@code row} have the schema the champion was trained on. */
    private static boolean fits(JsonNode champion, FeatureRow row) {
        List<String> names = new ArrayList<>();
        champion.path("featureNames").forEach(n -> names.add(n.asText()));
        List<String> sentiment = FeatureSchema.ofColumns(row.featureSet(), names).sentimentNames();
        return FeatureSchema.of(row, sentiment).hash().equals(champion.path("featureSchemaHash").asText());
    }

    /**
     * The end of the data (event time) of the pair's newest trained version (linear or XGBoost), whatever the gate
     * decided: the schedule's reference, read from the registry so that a restart does not train again needlessly.
     */
    public Optional<Instant> lastTrainedUntil(String pair) {
        List<String> versions = registry.versions(pair);
        for (int i = versions.size() - 1; i >= 0; i--) {
            Optional<JsonNode> metadata = registry.metadata(pair, versions.get(i));
            if (metadata.isPresent() && ModelKind.of(metadata.get()) != ModelKind.PERSISTENCE) {
                String to = metadata.get().path("data").path("requestedTo").asText("");
                if (!to.isEmpty()) {
                    return Optional.of(Instant.parse(to));
                }
            }
        }
        return Optional.empty();
    }

    /** A fresh version name, later than any this process issued (two candidates of a run may share a millisecond). */
    private synchronized String nextVersion() {
        Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // a version's precision
        if (lastVersionAt != null && !at.isAfter(lastVersionAt)) {
            at = lastVersionAt.plusMillis(1);
        }
        lastVersionAt = at;
        return ModelRegistry.newVersion(at);
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
            return rolledBack(pair, version, false, "already the champion");
        }
        send(switched);
        progress.accept("train " + pair + ": champion rolled back to " + version
                + (switched.previousVersion() == null ? "" : " (was " + switched.previousVersion() + ")"));
        return rolledBack(pair, version, true, "rollback");
    }

    private Outcome rolledBack(String pair, String version, boolean changed, String reason) {
        ModelKind kind = registry.metadata(pair, version).map(ModelKind::of).orElse(ModelKind.XGBOOST);
        return new Outcome(pair, List.of(new Candidate(kind, version, changed, reason, registry.location(pair, version))),
                null, null);
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
        if (ModelKind.of(pointer.champion()) == ModelKind.PERSISTENCE) {
            // it predicts 0 whatever the columns: comparable on any holdout
            return PromotionGate.ChampionScore.scored(version,
                    ForecastMetrics.of(result.holdout(), Baselines.persistence(result.holdout())));
        }
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
        ObjectNode m = trained(pair, version, ModelKind.XGBOOST, now, r);
        ((ObjectNode) m.get("model")).put("fittedOn", "every row (holdout included), after the holdout's judgement;"
                + " metrics.holdout are those of the same hyperparameters fitted without the holdout");
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
        data(m, from, to, r, r.trainRows());
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
        holdout(metrics, r, r.model(), r.dieboldMariano(), champion);
        ObjectNode importance = m.putObject("featureImportance");
        r.importance().forEach(importance::put);
        gate(m, decision);
        ((ObjectNode) m.get("versions")).put("trainingSeconds", r.seconds());
        return m;
    }

    private ObjectNode linearMetadata(String pair, String version, Instant now, Instant from, Instant to,
            Trainer.Result r, LinearBaseline.Result linear, PromotionGate.Decision decision,
            Optional<PromotionGate.ChampionScore> champion) {
        ObjectNode m = trained(pair, version, ModelKind.LINEAR, now, r);
        ((ObjectNode) m.get("model")).put("booster", "gblinear");
        ObjectNode hp = m.putObject("hyperparameters");
        hp.put("objective", linear.objective().xgboostName());
        hp.put("updater", "coord_descent");
        hp.put("rounds", LinearBaseline.ROUNDS);
        ArrayNode inputs = hp.putArray("inputs");
        linear.inputs().forEach(inputs::add);
        // fitted standardized with the label scaled; both are folded into the served weights below
        ObjectNode fitted = hp.putObject("fittedOn");
        fitted.put("labelScale", linear.labelScale());
        ObjectNode standardization = fitted.putObject("standardization");
        for (int j = 0; j < linear.inputs().size(); j++) {
            ObjectNode column = standardization.putObject(linear.inputs().get(j));
            column.put("mean", linear.mean()[j]);
            column.put("sd", linear.sd()[j]);
        }
        ObjectNode weights = m.putObject("weights");
        linear.weights().forEach(weights::put);
        data(m, from, to, r, linear.trainRows());
        holdout(m.putObject("metrics"), r, linear.model(), linear.dieboldMariano(), champion);
        gate(m, decision);
        ((ObjectNode) m.get("versions")).put("trainingSeconds", linear.seconds());
        return m;
    }

    /** What every version says: identity, kind, target, model file, and its columns. */
    private ObjectNode common(String pair, String version, ModelKind kind, Instant now, String featureSet,
            String schemaHash, List<String> featureNames) {
        ObjectNode m = Json.mapper().createObjectNode();
        m.put("pair", pair);
        m.put("version", version);
        m.put("kind", kind.label());
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
        ObjectNode features = m.putObject("features");
        features.put("featureSet", featureSet);
        features.put("schemaHash", schemaHash);
        ArrayNode names = features.putArray("names");
        featureNames.forEach(names::add);
        features.put("missingValue", "NaN");
        ObjectNode versions = m.putObject("versions");
        versions.put("xgboost4j", XGBOOST_VERSION);
        versions.put("java", Runtime.version().toString());
        versions.put("tickcast", config.codeVersion().orElse("unknown"));
        return m;
    }

    /** {@link #common} for a model trained on {@code r}'s dataset, with its training distribution. */
    private ObjectNode trained(String pair, String version, ModelKind kind, Instant now, Trainer.Result r) {
        ObjectNode m = common(pair, version, kind, now, r.dataset().featureSet(), r.dataset().schemaHash(),
                r.dataset().featureNames());
        // the training distribution of the key features, for evaluate's hourly drift (PSI) against it
        ObjectNode distribution = ((ObjectNode) m.get("features")).putObject("distribution");
        FeatureDrift.fitKeyFeatures(r.dataset().featureNames(),
                r.dataset().rows().stream().map(TrainingRow::features).toList())
                .forEach((name, bins) -> distribution.set(name, bins.toJson()));
        return m;
    }

    private static void data(ObjectNode m, Instant from, Instant to, Trainer.Result r, int trainRows) {
        ObjectNode data = m.putObject("data");
        data.put("requestedFrom", from.toString());
        data.put("requestedTo", to.toString());
        data.put("from", String.valueOf(r.dataset().from()));
        data.put("to", String.valueOf(r.dataset().to()));
        data.put("rows", r.dataset().size());
        data.put("candidateRows", r.dataset().candidates());
        data.put("droppedWithoutTarget", r.dataset().noTarget());
        data.put("warmupRowsSkipped", r.dataset().warmupSkipped());
        data.put("walkForwardRows", trainRows);
        data.put("holdoutRows", r.holdout().size());
        data.put("holdoutFrom", r.holdout().get(0).time().toString());
        data.put("holdoutTo", r.holdout().get(r.holdout().size() - 1).time().toString());
    }

    private static void holdout(ObjectNode metrics, Trainer.Result r, ForecastMetrics model, double dieboldMariano,
            Optional<PromotionGate.ChampionScore> champion) {
        ObjectNode holdout = metrics.putObject("holdout");
        put(holdout.putObject("model"), model.asMap(""));
        put(holdout.putObject("persistence"), r.persistence().asMap(""));
        put(holdout.putObject("drift"), r.drift().asMap(""));
        holdout.put("dieboldMariano", Double.isFinite(dieboldMariano) ? dieboldMariano : 1e9);
        champion.ifPresent(c -> {
            ObjectNode ch = holdout.putObject("champion");
            ch.put("version", c.version());
            if (c.metrics() != null) {
                put(ch, c.metrics().asMap(""));
            } else {
                ch.put("notComparable", c.notComparable());
            }
        });
    }

    private static void gate(ObjectNode m, PromotionGate.Decision decision) {
        ObjectNode gate = m.putObject("gate");
        gate.put("promote", decision.promote());
        gate.put("reason", decision.reason());
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
