package dev.tickcast.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

import dev.tickcast.contracts.Pairs;

/**
 * Where a backfill of one pair stands: Kraken's {@code last} cursor after the last page published, and that
 * page's last trade. Kept in {@code .tickcast/backfill/<BTC-USD>.cursor}, replaced atomically after each page,
 * so a run stopped at any moment continues after the last page Kafka acknowledged.
 */
record BackfillCursor(String pair, long since, String lastTradeId, Instant lastTradeTime) {

    static Path file(Path directory, String pair) {
        return directory.resolve(Pairs.toUrl(pair) + ".cursor");
    }

    static Optional<BackfillCursor> load(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the backfill cursor " + file, e);
        }
        try {
            return Optional.of(new BackfillCursor(
                    required(values, "pair"),
                    Long.parseLong(required(values, "since")),
                    required(values, "lastTradeId"),
                    Instant.parse(required(values, "lastTradeTime"))));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalStateException(file + ": " + e.getMessage() + " (delete the file to backfill the whole window again)", e);
        }
    }

    void save(Path file) {
        Properties values = new Properties();
        values.setProperty("pair", pair);
        values.setProperty("since", Long.toString(since));
        values.setProperty("lastTradeId", lastTradeId);
        values.setProperty("lastTradeTime", lastTradeTime.toString());
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                values.store(writer, "tickcast backfill of " + pair + ": Kraken's cursor after the last page published");
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the backfill cursor " + file, e);
        }
    }

    private static String required(Properties values, String key) {
        String value = values.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("backfill cursor: " + key + " is missing (delete the file to backfill the whole window again)");
        }
        return value.trim();
    }
}
