package dev.tickcast.aggregate.function;

import static dev.tickcast.aggregate.function.AggregateTestSupport.assertCandleEventsEqual;
import static dev.tickcast.aggregate.function.AggregateTestSupport.assertStoredCandlesEqual;
import static dev.tickcast.aggregate.function.AggregateTestSupport.progress;
import static dev.tickcast.aggregate.function.AggregateTestSupport.tradesEvent;
import static dev.tickcast.aggregate.function.AggregateTestSupport.unpublished;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.tickcast.aggregate.config.AggregateConfig;
import dev.tickcast.aggregate.domain.CandleWindow;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.contracts.market.TradesBatch;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A quiet pair: its next trade comes days or a year after the previous one. Every minute in between becomes a
 * carried-forward candle (a year is 525,600 of them, closed over several deliveries: continuation events queued
 * behind the other pairs'), the event is answered, and the other pairs on the same topic go on. Expected candles are computed here from the trades alone ({@link BitstampCsv}'s independent aggregation).
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class GapFillTest {
    static final Instant T0 = Instant.parse("2013-11-25T10:15:00Z");
    static final Duration THREE_DAYS = Duration.ofDays(3);
    static final Duration ONE_YEAR = Duration.ofDays(365);
    /** Guards against a hang only: a year of carried-forward minutes took 3.6 min on the build machine at load 20. */
    static final Duration AT_MOST = Duration.ofMinutes(10);
    static final RestAssuredConfig ANSWER_WITHIN = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.socket.timeout", (int) AT_MOST.toMillis()));

    @Inject
    Pool pool;

    @Inject
    AggregateConfig config;

    /** A pair's trades: before the gap, at 10:15 and 10:16; after it, in the gap's last minute and the one after. */
    static final class QuietPair {
        final String pair;
        final Duration gap;
        final BitstampCsv expected = new BitstampCsv();
        final TradesBatch before;
        final TradesBatch after;

        QuietPair(String pair, Duration gap) {
            this.pair = pair;
            this.gap = gap;
            before = batch("b", List.of(T0.plusSeconds(10), T0.plusSeconds(40), T0.plusSeconds(65)),
                    List.of("100.5", "101.25", "100.75"), List.of("1", "0.5", "2"));
            Instant later = T0.plus(gap);
            after = batch("a", List.of(later.plusSeconds(20), later.plusSeconds(30), later.plusSeconds(90)),
                    List.of("105", "104.125", "104.5"), List.of("0.3", "0.000000000000", "1.2"));
        }

        private TradesBatch batch(String prefix, List<Instant> times, List<String> prices, List<String> amounts) {
            List<Trade> trades = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) {
                BigDecimal price = new BigDecimal(prices.get(i));
                BigDecimal amount = new BigDecimal(amounts.get(i));
                trades.add(new Trade(prefix + i, times.get(i), price, amount, null));
                expected.add(times.get(i).getEpochSecond(), price, amount);
            }
            return new TradesBatch(pair, "test", trades);
        }

        /** Every minute closed at the last trade: the gap's minutes carry 10:16's close, volume 0. */
        List<Candle> candles(Duration allowedLateness) {
            List<Candle> candles = expected.candles(pair, closedUntil(allowedLateness));
            long gapMinutes = gap.toMinutes() - 2; // 10:17 up to the minute before the later trades
            assertThat(candles).hasSize((int) gap.toMinutes() + 1);
            assertThat(candles).filteredOn(Candle::carriedForward).hasSize((int) gapMinutes)
                    .allSatisfy(c -> {
                        assertThat(c.open()).isEqualByComparingTo("100.75");
                        assertThat(c.close()).isEqualByComparingTo("100.75");
                        assertThat(c.volume()).isZero();
                    });
            return candles;
        }

        Instant closedUntil(Duration allowedLateness) {
            return CandleWindow.startOf(Instant.ofEpochSecond(expected.lastSecond).minus(allowedLateness));
        }
    }

    @Test
    void overKafkaQuietPairsFillTheirGapsAndThePairsBetweenThemGoOn() {
        QuietPair days = new QuietPair("QUIET3D/USD", THREE_DAYS);
        QuietPair year = new QuietPair("QUIET1Y/USD", ONE_YEAR);
        String busy = "BUSY/USD";
        BitstampCsv busyTrades = new BitstampCsv();
        List<TradesBatch> busyBatches = new ArrayList<>();
        for (int minute = 0; minute < 5; minute++) {
            Instant time = T0.plusSeconds(60L * minute + 30);
            BigDecimal price = new BigDecimal("200").add(BigDecimal.valueOf(minute));
            busyBatches.add(new TradesBatch(busy, "test", List.of(new Trade("busy" + minute, time, price,
                    BigDecimal.ONE, null))));
            busyTrades.add(time.getEpochSecond(), price, BigDecimal.ONE);
        }

        try (BrokerClient broker = new BrokerClient()) {
            // the busy pair's events before, between and after the quiet pairs' on the same topic
            broker.publish(tradesEvent(busyBatches.get(0)));
            broker.publish(tradesEvent(year.before));
            broker.publish(tradesEvent(days.before));
            broker.publish(tradesEvent(busyBatches.get(1)));
            broker.publish(tradesEvent(year.after));
            broker.publish(tradesEvent(busyBatches.get(2)));
            broker.publish(tradesEvent(days.after));
            broker.publish(tradesEvent(busyBatches.get(3)));
            broker.publish(tradesEvent(busyBatches.get(4)));
        }

        Instant busyClosed = CandleWindow.startOf(Instant.ofEpochSecond(busyTrades.lastSecond)
                .minus(config.allowedLateness()));
        awaitClosedAndPublished(busy, busyClosed);
        awaitClosedAndPublished(year.pair, year.closedUntil(config.allowedLateness()));
        awaitClosedAndPublished(days.pair, days.closedUntil(config.allowedLateness()));

        List<Candle> busyCandles = busyTrades.candles(busy, busyClosed);
        assertThat(busyCandles).hasSize(4).noneMatch(Candle::carriedForward);
        assertStoredCandlesEqual(pool, busy, busyCandles);
        assertCandleEventsEqual(busy, busyCandles);
        for (QuietPair quiet : List.of(days, year)) {
            List<Candle> expected = quiet.candles(config.allowedLateness());
            assertStoredCandlesEqual(pool, quiet.pair, expected);
            assertCandleEventsEqual(quiet.pair, expected);
            assertThat(progress(pool, quiet.pair).lateTrades()).isZero();
        }
    }

    @Test
    void overHttpTheEventAfterAGapIsAnsweredOnceItsCandlesAreOnTheBroker() {
        QuietPair quiet = new QuietPair("HTTP3D/USD", THREE_DAYS);
        post(tradesEvent(quiet.before));
        post(tradesEvent(quiet.after));

        List<Candle> expected = quiet.candles(config.allowedLateness());
        assertThat(progress(pool, quiet.pair).closedUntil()).isEqualTo(quiet.closedUntil(config.allowedLateness()));
        assertThat(unpublished(pool, quiet.pair)).isZero();
        assertStoredCandlesEqual(pool, quiet.pair, expected);
        assertCandleEventsEqual(quiet.pair, expected);
    }

    private void awaitClosedAndPublished(String pair, Instant closedUntil) {
        Awaitility.await().atMost(AT_MOST).pollInterval(Duration.ofMillis(500)).until(() -> {
            var progress = progress(pool, pair);
            return progress != null && closedUntil.equals(progress.closedUntil()) && unpublished(pool, pair) == 0;
        });
    }

    private static void post(CloudEventEnvelope event) {
        given().config(ANSWER_WITHIN).headers(BinaryMode.HTTP.headers(event)).body(event.data()).post("/").then()
                .statusCode(204);
    }
}
