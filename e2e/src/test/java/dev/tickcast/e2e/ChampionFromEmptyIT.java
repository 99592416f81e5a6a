package dev.tickcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.TradesFile;

/**
 * From an empty stack, as {@code ./tickcast up} runs it, with the long-running train process and no admin action:
 * once featurize's warm-up is over the persistence baseline is champion and predictions name it (version and kind
 * over REST); once {@code Trainer.MIN_ROWS} trainable rows exist the train process judges a linear baseline and
 * XGBoost on its own, and the champion is the best that passed (persistence if none did), named by later
 * predictions.
 */
class ChampionFromEmptyIT {
    static final Path ROOT = EndToEndIT.ROOT;
    /** Featurize's 240 warm-up minutes and an hour: the persistence baseline becomes champion. */
    static final Duration WARM = Duration.ofHours(5);
    /** Three hours more: predicted by persistence, still too few to train (235 trainable rows, 300 needed). */
    static final Duration FIRST = Duration.ofHours(8);
    /** Two more hours: about 355 trainable rows, so the schedule trains at once. */
    static final Duration SECOND = Duration.ofHours(2);

    static Pipeline pipeline;

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void thePersistenceBaselineServesFirstThenTheTrainProcessJudgesTrainedCandidatesByItself() throws Exception {
        // the schedule reads the event time every second (5 s by default) so the test does not wait on the wall clock
        pipeline = Pipeline.start(ROOT, List.of("api", "aggregate", "featurize", "predict", "train"),
                Map.of("TICKCAST_TRAIN_POLL", "1s"));
        List<Trade> all = TradesFile.bitstamp();
        Instant start = all.get(0).time();
        Instant warmEnd = start.plus(WARM).truncatedTo(ChronoUnit.MINUTES);
        Instant firstEnd = start.plus(FIRST).truncatedTo(ChronoUnit.MINUTES);
        Instant secondEnd = firstEnd.plus(SECOND);

        // five hours: featurize's 240-minute warm-up and an hour past it
        pipeline.replay(all.stream().filter(t -> t.time().isBefore(warmEnd)).toList(), 0);
        pipeline.await("a champion", Duration.ofMinutes(3), () -> pipeline.champion().isPresent());
        String persistence = pipeline.champion().orElseThrow();
        JsonNode metadata = pipeline.registry().metadata(Pipeline.PAIR, persistence).orElseThrow();
        assertThat(metadata.path("kind").asText()).isEqualTo("persistence");

        // three more hours, announced after the baseline (same partition): the newest row is predicted by it
        pipeline.replay(all.stream().filter(t -> !t.time().isBefore(warmEnd) && t.time().isBefore(firstEnd)).toList(), 0);
        long firstRows = Scenario.closedMinutes(start, lastBefore(all, firstEnd));
        pipeline.await(firstRows + " feature rows", Duration.ofMinutes(3),
                () -> pipeline.count("SELECT count(*) FROM features WHERE pair = ?", Pipeline.PAIR) >= firstRows);
        Instant newest = ((Timestamp) pipeline.rows("SELECT max(time) AS t FROM features WHERE pair = ?", Pipeline.PAIR)
                .get(0).get("t")).toInstant();
        pipeline.await("the prediction of the newest row", Duration.ofMinutes(1), () -> pipeline.count(
                "SELECT count(*) FROM predictions WHERE pair = ? AND features_time = ?", Pipeline.PAIR,
                Timestamp.from(newest)) == 1);
        JsonNode latest = latest();
        assertThat(Instant.parse(latest.path("featuresTime").asText())).isEqualTo(newest);
        assertThat(latest.path("modelVersion").asText()).isEqualTo(persistence);
        assertThat(latest.path("modelKind").asText()).isEqualTo("persistence");
        // persistence: the predicted price is the close
        assertThat(latest.path("predictedLogReturn").asDouble()).isEqualTo(0.0);
        assertThat(latest.path("predictedPrice").decimalValue()).isEqualByComparingTo(latest.path("basePrice").decimalValue());
        JsonNode champion = Pipeline.json(pipeline.api("GET", "/api/v1/models/BTC-USD/champion", null, false).body());
        assertThat(champion.path("version").asText()).isEqualTo(persistence);
        assertThat(champion.path("kind").asText()).isEqualTo("persistence");
        // too few trainable rows so far: nothing but the baseline in the registry
        assertThat(pipeline.registry().versions(Pipeline.PAIR)).containsExactly(persistence);

        // enough rows: the schedule trains on event time (2013) and judges both candidates
        pipeline.replay(all.stream().filter(t -> !t.time().isBefore(firstEnd) && t.time().isBefore(secondEnd)).toList(), 0);
        pipeline.await("a trained linear baseline and XGBoost model", Duration.ofMinutes(3),
                () -> pipeline.registry().versions(Pipeline.PAIR).size() >= 3);
        List<String> versions = pipeline.registry().versions(Pipeline.PAIR);
        assertThat(versions).hasSize(3).startsWith(persistence);
        JsonNode linear = pipeline.registry().metadata(Pipeline.PAIR, versions.get(1)).orElseThrow();
        JsonNode xgboost = pipeline.registry().metadata(Pipeline.PAIR, versions.get(2)).orElseThrow();
        assertThat(linear.path("kind").asText()).isEqualTo("linear");
        assertThat(xgboost.path("kind").asText()).isEqualTo("xgboost");
        // trained up to the newest non-warm-up row the process saw: event time, not the wall clock
        assertThat(Instant.parse(xgboost.path("data").path("requestedTo").asText())).isBetween(firstEnd, secondEnd);
        assertThat(xgboost.path("gate").path("reason").asText()).isNotEmpty();

        // the champion is the best that passed the gate, else still the persistence baseline
        String expected = xgboost.path("gate").path("promote").asBoolean() ? versions.get(2)
                : linear.path("gate").path("promote").asBoolean() ? versions.get(1) : persistence;
        pipeline.await("the champion " + expected, Duration.ofSeconds(30),
                () -> pipeline.champion().filter(expected::equals).isPresent());
        System.out.println("champion after the first training run: " + expected + " — linear: "
                + linear.path("gate").path("reason").asText() + "; xgboost: " + xgboost.path("gate").path("reason").asText());
        Instant last = ((Timestamp) pipeline.rows("SELECT max(time) AS t FROM features WHERE pair = ?", Pipeline.PAIR)
                .get(0).get("t")).toInstant();
        pipeline.await("the prediction of the newest row", Duration.ofMinutes(1), () -> pipeline.count(
                "SELECT count(*) FROM predictions WHERE pair = ? AND features_time = ?", Pipeline.PAIR,
                Timestamp.from(last)) == 1);
        // every prediction names a model of the registry, and the latest names its kind
        assertThat(pipeline.rows("SELECT DISTINCT model_version FROM predictions WHERE pair = ?", Pipeline.PAIR))
                .extracting(r -> (String) r.get("model_version")).isSubsetOf(versions);
        JsonNode served = latest();
        String kind = pipeline.registry().metadata(Pipeline.PAIR, served.path("modelVersion").asText())
                .map(m -> m.path("kind").asText()).orElse("unknown");
        assertThat(served.path("modelKind").asText()).isEqualTo(kind);
    }

    private static JsonNode latest() {
        HttpResponse<String> response = pipeline.api("GET", "/api/v1/predictions/BTC-USD/latest", null, false);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Pipeline.json(response.body());
    }

    private static Instant lastBefore(List<Trade> trades, Instant end) {
        Optional<Trade> last = trades.stream().filter(t -> t.time().isBefore(end)).reduce((a, b) -> b);
        return last.orElseThrow().time();
    }
}
