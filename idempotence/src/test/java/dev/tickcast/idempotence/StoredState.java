package dev.tickcast.idempotence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What aggregate and featurize stored for a pair, read with plain JDBC. Rows come back as text, one string per row
 * with the columns tab-separated, so two pairs compare exactly (NUMERIC as written, jsonb in its canonical form)
 * and a difference prints readably.
 */
final class StoredState implements AutoCloseable {
    /**
     * Every column of {@code candles} but the pair and {@code closed_at} (processing time). {@code published} is
     * included: every candle of a settled pair must have been acknowledged by the broker.
     */
    private static final String CANDLES = """
            SELECT start_time, end_time, open, high, low, close, volume, vwap, trade_count, carried_forward, revision,
                   published
            FROM candles WHERE pair = ? ORDER BY start_time""";

    /** Every column of {@code features} but the pair and {@code computed_at} (processing time). */
    private static final String FEATURES = """
            SELECT time, close, feature_set, warmup, candle_revision, feature_values::text
            FROM features WHERE pair = ? ORDER BY time""";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private Connection connection;

    StoredState(String jdbcUrl, String user, String password) throws SQLException {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        connection = DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** The connection, opened again when PostgreSQL was restarted under it (the outage test does that). */
    private synchronized Connection connection() throws SQLException {
        if (!connection.isValid(5)) {
            try {
                connection.close();
            } catch (SQLException alreadyGone) {
                // the server that held it is gone
            }
            connection = DriverManager.getConnection(jdbcUrl, user, password);
        }
        return connection;
    }

    /** Whether PostgreSQL answers again. */
    boolean reachable() {
        try {
            return connection().isValid(5);
        } catch (SQLException notYet) {
            return false;
        }
    }

    List<String> candles(String pair) throws SQLException {
        return rows(CANDLES, pair);
    }

    List<String> features(String pair) throws SQLException {
        return rows(FEATURES, pair);
    }

    /** aggregate's event time for the pair: the latest trade time it has stored, null before its first batch. */
    Instant watermark(String pair) throws SQLException {
        return instant("SELECT watermark FROM aggregate_progress WHERE pair = ?", pair);
    }

    /** The start of the newest closed candle, null before the first. */
    Instant lastClosedMinute(String pair) throws SQLException {
        return instant("SELECT max(start_time) FROM candles WHERE pair = ?", pair);
    }

    long count(String sql, String pair) throws SQLException {
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            statement.setString(1, pair);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    long unpublishedCandles(String pair) throws SQLException {
        return count("SELECT count(*) FROM candles WHERE pair = ? AND NOT published", pair);
    }

    /** Candles (minute and revision) that have no feature row computed from that very revision. */
    long candlesWithoutTheirFeatureRow(String pair) throws SQLException {
        return count("""
                SELECT count(*) FROM candles c WHERE c.pair = ? AND NOT EXISTS (
                    SELECT 1 FROM features f
                    WHERE f.pair = c.pair AND f.time = c.end_time AND f.candle_revision = c.revision)""", pair);
    }

    long lateTrades(String pair) throws SQLException {
        return count("SELECT coalesce(sum(late_trades), 0) FROM aggregate_progress WHERE pair = ?", pair);
    }

    private Instant instant(String sql, String pair) throws SQLException {
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            statement.setString(1, pair);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                Timestamp value = result.getTimestamp(1);
                return value == null ? null : value.toInstant();
            }
        }
    }

    private List<String> rows(String sql, String pair) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            statement.setString(1, pair);
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        if (i > 1) {
                            row.append('\t');
                        }
                        // timestamptz as an instant, so the session's time zone cannot matter
                        Object value = result.getObject(i) instanceof Timestamp t ? t.toInstant() : result.getString(i);
                        row.append(value);
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
