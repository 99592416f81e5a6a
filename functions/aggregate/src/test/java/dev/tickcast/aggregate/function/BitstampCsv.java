package dev.tickcast.aggregate.function;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import dev.tickcast.contracts.market.Candle;

/**
 * The real Bitstamp file read and aggregated here, independently of the function and of marketdata's parser: rows
 * grouped by the minute of their Unix seconds, open and close by file order, exact sums with BigDecimal.
 */
final class BitstampCsv {
    static final String RESOURCE = "/bitstamp_trades_from_20131125_usd.csv";

    /** One minute of the file. */
    static final class Minute {
        final long start;
        BigDecimal open;
        BigDecimal high;
        BigDecimal low;
        BigDecimal close;
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO;
        int count;

        Minute(long start) {
            this.start = start;
        }

        void add(BigDecimal price, BigDecimal amount) {
            if (open == null) {
                open = price;
                high = price;
                low = price;
            }
            high = high.max(price);
            low = low.min(price);
            close = price;
            volume = volume.add(amount);
            notional = notional.add(price.multiply(amount));
            count++;
        }
    }

    final TreeMap<Long, Minute> minutes = new TreeMap<>();
    long rows;
    long lastSecond;

    static BitstampCsv read() {
        BitstampCsv csv = new BitstampCsv();
        try (InputStream in = BitstampCsv.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = reader.readLine(); // header: timestamp,price,amount
            while ((line = reader.readLine()) != null) {
                String[] fields = line.split(",");
                csv.add(Long.parseLong(fields[0]), new BigDecimal(fields[1]), new BigDecimal(fields[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return csv;
    }

    /** One trade (Unix seconds, price, amount), in file order. */
    void add(long second, BigDecimal price, BigDecimal amount) {
        minutes.computeIfAbsent(Math.floorDiv(second, 60) * 60, Minute::new).add(price, amount);
        rows++;
        lastSecond = Math.max(lastSecond, second);
    }

    /**
     * The candles of every minute from the first trade's minute up to {@code closedUntil} (exclusive): a minute of
     * the file gives its OHLCV and VWAP (Σ price × amount / Σ amount, 12 places half-even; the close when the volume
     * is 0), a minute without rows repeats the previous close with volume 0.
     */
    List<Candle> candles(String pair, Instant closedUntil) {
        List<Candle> candles = new ArrayList<>();
        BigDecimal previousClose = null;
        for (long start = minutes.firstKey(); start < closedUntil.getEpochSecond(); start += 60) {
            Minute m = minutes.get(start);
            Instant from = Instant.ofEpochSecond(start);
            Candle candle;
            if (m == null) {
                candle = new Candle(pair, from, from.plusSeconds(60), previousClose, previousClose, previousClose,
                        previousClose, BigDecimal.ZERO, previousClose, 0, true, 0);
            } else {
                BigDecimal vwap = m.volume.signum() == 0 ? m.close : m.notional.divide(m.volume, 12, RoundingMode.HALF_EVEN);
                candle = new Candle(pair, from, from.plusSeconds(60), m.open, m.high, m.low, m.close, m.volume, vwap,
                        m.count, false, 0);
            }
            candles.add(candle);
            previousClose = candle.close();
        }
        return candles;
    }
}
