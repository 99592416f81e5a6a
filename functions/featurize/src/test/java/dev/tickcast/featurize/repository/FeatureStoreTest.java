package dev.tickcast.featurize.repository;

import dev.tickcast.featurestore.FeatureStore;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class FeatureStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2013-11-26T00:00:00Z");

    @Inject
    FeatureStore store;

    @Test
    void anAsOfReadNeverReturnsARowFromAfterT() {
        String pair = "F4/USD";
        // irregular times, so "between rows" means something; every row distinct, so a wrong one shows
        List<FeatureRow> rows = new ArrayList<>();
        for (int minute : new int[] { 0, 1, 2, 5, 9, 10, 30 }) {
            rows.add(createRow(pair, T0.plus(minute, ChronoUnit.MINUTES), minute));
        }
        // another pair's rows in the gaps must never be returned for this one
        for (int minute : new int[] { 3, 4, 7, 20, 31 }) {
            store.upsert(createRow("F5/USD", T0.plus(minute, ChronoUnit.MINUTES), 1000 + minute), 0).await().atMost(WAIT);
        }
        for (FeatureRow row : List.of(rows.get(3), rows.get(0), rows.get(6), rows.get(1), rows.get(5), rows.get(2), rows.get(4))) {
            store.upsert(row, 0).await().atMost(WAIT);
        }

        List<Instant> probes = new ArrayList<>();
        probes.add(T0.minus(1, ChronoUnit.DAYS));
        probes.add(T0.plus(1, ChronoUnit.DAYS));
        for (FeatureRow row : rows) {
            probes.add(row.time()); // exactly on a row
            probes.add(row.time().minus(1, ChronoUnit.MICROS)); // just before: the previous row
            probes.add(row.time().plus(1, ChronoUnit.MICROS));
            probes.add(row.time().plusSeconds(90)); // between rows or after the last
        }
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            probes.add(T0.minus(5, ChronoUnit.MINUTES).plus(random.nextLong(40L * 60 * 1_000_000), ChronoUnit.MICROS));
        }

        List<Optional<FeatureRow>> joined = store.asOfEach(pair, probes).await().atMost(WAIT);

        assertThat(joined).hasSize(probes.size());
        int empty = 0;
        int exact = 0;
        for (int i = 0; i < probes.size(); i++) {
            Instant t = probes.get(i);
            Optional<FeatureRow> expected = rows.stream().filter(r -> !r.time().isAfter(t))
                    .max(Comparator.comparing(FeatureRow::time));
            Optional<FeatureRow> actual = store.asOf(pair, t).await().atMost(WAIT);

            assertThat(actual).as("asOf(%s)", t).isEqualTo(expected);
            assertThat(joined.get(i)).as("asOfEach at %s", t).isEqualTo(expected);
            actual.ifPresent(row -> assertThat(row.time()).isBeforeOrEqualTo(t));
            empty += expected.isEmpty() ? 1 : 0;
            exact += expected.isPresent() && expected.get().time().equals(t) ? 1 : 0;
        }
        // the probes did cover before-the-first and exactly-on-a-row
        assertThat(empty).isGreaterThanOrEqualTo(3);
        assertThat(exact).isEqualTo(rows.size());
    }

    @Test
    void latestIsTheNewestRowAndARangeIsHalfOpen() {
        String pair = "F9/USD";
        List<FeatureRow> rows = new ArrayList<>();
        for (int minute = 0; minute < 5; minute++) {
            rows.add(createRow(pair, T0.plus(minute, ChronoUnit.MINUTES), minute));
        }
        // stored newest first, so the store's order is not the insertion order
        for (int i = rows.size() - 1; i >= 0; i--) {
            store.upsert(rows.get(i), 0).await().atMost(WAIT);
        }

        assertThat(store.latest(pair).await().atMost(WAIT)).contains(rows.get(4));
        assertThat(store.latest("F0/USD").await().atMost(WAIT)).isEmpty();
        assertThat(store.range(pair, rows.get(1).time(), rows.get(4).time()).await().atMost(WAIT))
                .containsExactly(rows.get(1), rows.get(2), rows.get(3));
    }

    @Test
    void aRowFromAnOlderCandleRevisionDoesNotReplaceANewerOne() {
        String pair = "FA/USD";
        FeatureRow revision1 = createRow(pair, T0, 1);
        FeatureRow revision0 = createRow(pair, T0, 0);
        FeatureRow revision2 = createRow(pair, T0, 2);

        store.upsert(revision1, 1).await().atMost(WAIT);
        store.upsert(revision0, 0).await().atMost(WAIT);
        Optional<FeatureRow> afterStale = store.asOf(pair, T0).await().atMost(WAIT);
        store.upsert(revision2, 2).await().atMost(WAIT);
        Optional<FeatureRow> afterNewer = store.asOf(pair, T0).await().atMost(WAIT);

        assertThat(afterStale).contains(revision1);
        assertThat(afterNewer).contains(revision2);
    }

    /** A row whose values (and close) are derived from {@code n}, with a null value as real rows have. */
    static FeatureRow createRow(String pair, Instant time, int n) {
        Map<String, Double> values = new HashMap<>();
        values.put("sma_7", 800.0 + n / 8.0);
        values.put("rsi_14", 0.1 * n);
        values.put("log_return_1", 1e-5 * (n - 3));
        values.put("volume_zscore_60", null);
        return new FeatureRow(pair, time, new BigDecimal("800.10").add(BigDecimal.valueOf(n)), values, n % 2 == 0,
                "market-v1");
    }
}
