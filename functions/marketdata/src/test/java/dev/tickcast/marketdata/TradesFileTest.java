package dev.tickcast.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.contracts.validation.EventValidator;

class TradesFileTest {

    @Test
    void readsTheWholeRealBitstampFileWithUniqueStableIds() {
        List<Trade> trades = TradesFile.bitstamp();

        assertThat(trades).hasSize(100_000);
        assertThat(trades.get(0).time()).isEqualTo(Instant.ofEpochSecond(1385337600L));
        assertThat(trades.get(0).price()).isEqualByComparingTo("800.01");
        assertThat(trades.get(0).quantity()).isEqualByComparingTo("0.1");
        Set<String> ids = new HashSet<>();
        trades.forEach(t -> ids.add(t.id()));
        assertThat(ids).as("every trade its own id").hasSize(trades.size());
        assertThat(trades).filteredOn(t -> t.quantity().signum() == 0).as("dust trades reported as 0").hasSize(18);
        assertThat(TradesFile.bitstamp().get(50_000).id()).isEqualTo(trades.get(50_000).id());
    }

    @Test
    void identicalRowsAreDistinctTradesAndAppendingKeepsEarlierIds() throws Exception {
        String rows = "timestamp,price,amount\n1385337600,800.01,0.1\n1385337600,800.01,0.1\n";
        List<Trade> two = read(rows);
        List<Trade> three = read(rows + "1385337601,801,0.2\n");

        assertThat(two.get(0).id()).isNotEqualTo(two.get(1).id());
        assertThat(three.subList(0, 2)).isEqualTo(two);
    }

    @Test
    void aMalformedRowIsReportedWithItsLineFieldAndRule() {
        assertThatThrownBy(() -> read("timestamp,price,amount\n1385337600,800.01,0.1\n1385337601,-3,0.1\n"))
                .hasMessage("test.csv:3: price must be a positive decimal, got '-3'");
        assertThatThrownBy(() -> read("1385337600,800.01,-0.5\n")).hasMessage("test.csv:1: amount must be a non-negative decimal, got '-0.5'");
        assertThatThrownBy(() -> read("1385337600,800.01\n")).hasMessageContaining("test.csv:1: expected 3 fields");
        assertThatThrownBy(() -> read("yesterday,800.01,1\n")).hasMessageContaining("timestamp must be whole Unix seconds");
    }

    @Test
    void batchesAreOneMinuteOfTradesAtMostAndValidEvents() {
        List<Trade> trades = TradesFile.bitstamp().subList(0, 5_000);
        List<List<Trade>> batches = TradeBatches.perMinute(trades);

        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(5_000);
        for (List<Trade> batch : batches) {
            Instant minute = batch.get(0).time().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            assertThat(batch).allMatch(t -> t.time().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).equals(minute));
            assertThat(batch.size()).isLessThanOrEqualTo(TradeBatches.MAX_BATCH);
        }
        CloudEventEnvelope event = TradeBatches.event("BTC/USD", "file:bitstamp", batches.get(0));
        assertThat(EventValidator.validate(EventTypes.TRADES, event.data())).isEmpty();
        assertThat(event.partitionKey()).isEqualTo("BTC/USD");
        assertThat(TradeBatches.event("BTC/USD", "file:bitstamp", batches.get(0)).id()).isEqualTo(event.id());
        assertThat(new String(event.data(), StandardCharsets.UTF_8)).contains("\"price\":\"800.010000000000\"");
    }

    private static List<Trade> read(String csv) throws Exception {
        return TradesFile.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "test.csv");
    }

}
