package dev.tickcast.marketdata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.market.Trade;

/**
 * Trades in the Bitstamp CSV format ({@code timestamp,price,amount}: Unix seconds, price, quantity). The file
 * has no trade ids, so each trade's id is derived from the row itself and how many identical rows came before
 * it: the same file always yields the same ids, two real trades that happen to look alike stay two trades, and
 * appending rows changes no earlier id.
 */
public final class TradesFile {
    /** The real Bitstamp BTC/USD trades, 2013-11-25 to 2013-12-01, inside org.ta4j:ta4j-examples:0.18 (MIT). */
    public static final String BITSTAMP_RESOURCE = "/bitstamp_trades_from_20131125_usd.csv";

    private TradesFile() {
    }

    public static List<Trade> bitstamp() {
        try (InputStream in = TradesFile.class.getResourceAsStream(BITSTAMP_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BITSTAMP_RESOURCE + " is not on the classpath (org.ta4j:ta4j-examples:0.18)");
            }
            return read(in, BITSTAMP_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Trade> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every row; a malformed row fails the whole read with its line number, field and rule. */
    public static List<Trade> read(InputStream in, String name) throws IOException {
        List<Trade> trades = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || (number == 1 && line.startsWith("timestamp"))) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 3) {
                throw new IllegalArgumentException(name + ":" + number + ": expected 3 fields timestamp,price,amount, got " + fields.length);
            }
            long seconds = parseLong(name, number, "timestamp", fields[0]);
            BigDecimal price = decimal(name, number, "price", fields[1], 1);
            BigDecimal quantity = decimal(name, number, "amount", fields[2], 0);
            String row = fields[0].trim() + "," + price.toPlainString() + "," + quantity.toPlainString();
            int occurrence = seen.merge(row, 1, Integer::sum);
            String id = fields[0].trim() + "-" + EventIds.derive(row, Integer.toString(occurrence)).substring(0, 13);
            trades.add(new Trade(id, Instant.ofEpochSecond(seconds), price, quantity, null));
        }
        return trades;
    }

    private static long parseLong(String name, int line, String field, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ":" + line + ": " + field + " must be whole Unix seconds, got '" + value + "'");
        }
    }

    /** A decimal whose sign is at least {@code minSignum}: 1 for positive, 0 for non-negative. */
    private static BigDecimal decimal(String name, int line, String field, String value, int minSignum) {
        try {
            BigDecimal decimal = new BigDecimal(value.trim());
            if (decimal.signum() >= minSignum) {
                return decimal;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ":" + line + ": " + field + " must be a "
                + (minSignum > 0 ? "positive" : "non-negative") + " decimal, got '" + value + "'");
    }
}
