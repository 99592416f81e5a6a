package dev.tickcast.predict.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.registry.ModelKind;

class ServingRulesTest {
    private static final ServingRules RULES = new ServingRules(Duration.ofMinutes(1), Duration.ofDays(7));
    private static final Instant T = Instant.parse("2026-03-02T00:00:00Z");

    private static FeatureRow row(Instant time, boolean warmup) {
        return new FeatureRow("BTC/USD", time, BigDecimal.TEN, Map.of("a", 1.0), warmup, "market-v1");
    }

    @Test
    void warmUpComesFirstThenStaleByEventTime() {
        assertThat(RULES.beforeModel(row(T, true), null)).contains(SkipReason.WARMUP);
        assertThat(RULES.beforeModel(row(T, false), null)).isEmpty();
        assertThat(RULES.beforeModel(row(T, false), T.plusSeconds(60))).isEmpty();
        assertThat(RULES.beforeModel(row(T, false), T.plusSeconds(61))).contains(SkipReason.STALE);
        // newer than the newest predicted row: never stale
        assertThat(RULES.beforeModel(row(T, false), T.minusSeconds(3600))).isEmpty();
    }

    @Test
    void expiredAfterTheMaxAgeThenTheSchemaHash() {
        Instant trainedUntil = T.minus(Duration.ofDays(7));
        assertThat(RULES.withModel(row(T, false), ModelKind.XGBOOST, trainedUntil, "h", "h")).isEmpty();
        assertThat(RULES.withModel(row(T.plusMillis(1), false), ModelKind.XGBOOST, trainedUntil, "h", "h"))
                .contains(SkipReason.EXPIRED);
        assertThat(RULES.withModel(row(T.plusMillis(1), false), ModelKind.LINEAR, trainedUntil, "h", "h"))
                .contains(SkipReason.EXPIRED);
        assertThat(RULES.withModel(row(T, false), ModelKind.XGBOOST, trainedUntil, "h", "other"))
                .contains(SkipReason.SCHEMA_MISMATCH);
    }

    /** The persistence baseline learnt nothing from its data: it serves a row years later, schema permitting. */
    @Test
    void thePersistenceBaselineNeverExpires() {
        Instant registeredAt = T.minus(Duration.ofDays(7));
        assertThat(RULES.withModel(row(T.plusMillis(1), false), ModelKind.PERSISTENCE, registeredAt, "h", "h")).isEmpty();
        assertThat(RULES.withModel(row(T.plus(Duration.ofDays(3650)), false), ModelKind.PERSISTENCE, registeredAt, "h",
                "h")).isEmpty();
        assertThat(RULES.withModel(row(T.plusMillis(1), false), ModelKind.PERSISTENCE, registeredAt, "h", "other"))
                .contains(SkipReason.SCHEMA_MISMATCH);
    }
}
