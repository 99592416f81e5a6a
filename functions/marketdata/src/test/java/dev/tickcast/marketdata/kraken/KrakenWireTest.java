package dev.tickcast.marketdata.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.market.Side;
import dev.tickcast.contracts.market.Trade;

class KrakenWireTest {
    /** A trade of Kraken's documented WebSocket v2 update, with a price no double can hold. */
    static final String DEFAULT_WS_TRADE = """
            {"symbol":"MATIC/USD","side":"sell","price":0.1000000000000000055511151231257827,"qty":40.0,
             "ord_type":"market","trade_id":4665906,"timestamp":"2023-09-25T07:49:37.708706Z"}""";

    @Test
    void webSocketNumbersAreReadFromTheirTextExactly() throws Exception {
        Trade trade = KrakenWire.wsTrade(KrakenWire.read(DEFAULT_WS_TRADE), "data[0]");

        assertThat(trade.id()).isEqualTo("4665906");
        assertThat(trade.price().toPlainString()).isEqualTo("0.1000000000000000055511151231257827");
        assertThat(trade.quantity().toPlainString()).isEqualTo("40");
        assertThat(trade.time()).isEqualTo(Instant.parse("2023-09-25T07:49:37.708706Z"));
        assertThat(trade.side()).isEqualTo(Side.SELL);
    }

    @Test
    void restAndWebSocketSpellingsOfOneTradeReadTheSame() throws Exception {
        Trade rest = KrakenWire.restTrade(KrakenWire.read("[\"30243.40000\",\"0.50000000\",1688669597.827736,\"b\",\"m\",\"\",61044952]"), "r");
        Trade ws = KrakenWire.wsTrade(KrakenWire.read("""
                {"symbol":"BTC/USD","side":"buy","price":30243.4,"qty":0.5,"ord_type":"market","trade_id":61044952,
                 "timestamp":"2023-07-06T18:53:17.827736Z"}"""), "w");

        assertThat(rest).isEqualTo(ws);
        assertThat(rest.price().toPlainString()).isEqualTo("30243.4");
    }

    @Test
    void restTimesKeepEveryDigitToTheNanosecond() throws Exception {
        assertThat(KrakenWire.ofSeconds(new BigDecimal("1688669597.8277369")))
                .isEqualTo(Instant.ofEpochSecond(1688669597, 827_736_900));
        assertThat(KrakenWire.ofSeconds(new BigDecimal("1688669597.123456789")))
                .isEqualTo(Instant.ofEpochSecond(1688669597, 123_456_789));
        assertThat(KrakenWire.ofSeconds(new BigDecimal("1688669597")))
                .isEqualTo(Instant.ofEpochSecond(1688669597));
        Instant time = Instant.ofEpochSecond(1688671969, 993_150_842);
        assertThat(KrakenWire.nanos(time)).isEqualTo(1688671969993150842L);
        assertThat(KrakenWire.ofNanos(1688671969993150842L)).isEqualTo(time);
    }

    @Test
    void malformedTradesNameTheField() throws Exception {
        assertThatThrownBy(() -> KrakenWire.restTrade(KrakenWire.read("[\"30243.4\",\"1\",1688669597.8,\"x\",\"m\",\"\",1]"), "result.XXBTZUSD[0]"))
                .hasMessage("result.XXBTZUSD[0][3] side: must be b or s, got \"x\"");
        assertThatThrownBy(() -> KrakenWire.wsTrade(KrakenWire.read("{\"side\":\"buy\",\"price\":\"1,5\",\"qty\":1,\"trade_id\":1,"
                + "\"timestamp\":\"2023-09-25T07:49:37Z\"}"), "data[0]"))
                .hasMessage("data[0].price: must be a decimal, got \"1,5\"");
        assertThatThrownBy(() -> KrakenWire.restTrade(KrakenWire.read("[\"1\",\"1\",1688669597.8,\"b\",\"m\",\"\"]"), "r[0]"))
                .hasMessageContaining("expected [price, volume, time, side, type, misc, trade_id]");
    }

    @Test
    void deduplicatorPassesEachIdOnceInOrder() {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        TradeDeduplicator deduplicator = new TradeDeduplicator("10", t);
        List<Trade> batch = List.of(trade(12, t), trade(9, t), trade(11, t), trade(12, t), trade(10, t));

        List<Trade> fresh = deduplicator.fresh(batch);
        assertThat(fresh).extracting(Trade::id).containsExactly("11", "12");
        deduplicator.advance(fresh);
        assertThat(deduplicator.lastId()).contains("12");
        assertThat(deduplicator.fresh(batch)).isEmpty();
        assertThat(new TradeDeduplicator().fresh(List.of(trade(2, t), trade(1, t)))).extracting(Trade::id).containsExactly("1", "2");
    }

    @Test
    void backoffGrowsWithJitterWithinItsBounds() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        SplittableRandom random = new SplittableRandom(42);
        long[] ceilings = { 100, 200, 400, 800, 1600, 2000, 2000, 2000 };
        for (int attempt = 0; attempt < ceilings.length; attempt++) {
            for (int i = 0; i < 200; i++) {
                Duration delay = backoff.delay(attempt, random);
                assertThat(delay).isBetween(Duration.ofMillis(ceilings[attempt] / 2), Duration.ofMillis(ceilings[attempt]));
            }
        }
        assertThat(backoff.delay(10_000, random)).isLessThanOrEqualTo(Duration.ofSeconds(2));
        // jitter: the same attempt does not always wait the same
        assertThat(List.of(backoff.delay(3, random), backoff.delay(3, random), backoff.delay(3, random))).doesNotHaveDuplicates();
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageStartingWith("backoff:");
    }

    private static Trade trade(long id, Instant time) {
        return new Trade(Long.toString(id), time, BigDecimal.ONE, BigDecimal.ONE, Side.BUY);
    }
}
