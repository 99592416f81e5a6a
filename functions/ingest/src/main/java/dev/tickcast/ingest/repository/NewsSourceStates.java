package dev.tickcast.ingest.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code news_sources}: per source, the paging cursor, the feed validators, the back-off and the poll lease. */
@ApplicationScoped
public class NewsSourceStates {
    public record SourceState(String source, String nextPage, Instant newestSeen, Instant walkNewest, String etag,
            String lastModified, int failures, Instant retryAfter, String lastError, Instant leaseUntil) {
    }

    private static final String COLUMNS = """
            source, next_page, newest_seen, walk_newest, etag, last_modified, failures, retry_after, last_error, lease_until""";

    private final Pool pool;

    public NewsSourceStates(Pool pool) {
        this.pool = pool;
    }

    /**
     * Takes the source for one poll until {@code leaseUntil}: empty when another poller holds it or its back-off
     * has not run out at {@code now}.
     */
    public Optional<SourceState> claim(String source, Instant now, Instant leaseUntil) {
        pool.preparedQuery("INSERT INTO news_sources (source) VALUES ($1) ON CONFLICT DO NOTHING")
                .executeAndAwait(Tuple.of(source));
        return first(pool.preparedQuery("UPDATE news_sources SET lease_until = $2, last_polled_at = $3 WHERE source = $1"
                + " AND (lease_until IS NULL OR lease_until <= $3) AND (retry_after IS NULL OR retry_after <= $3)"
                + " RETURNING " + COLUMNS)
                .executeAndAwait(Tuple.of(source, utc(leaseUntil), utc(now))).iterator());
    }

    public Optional<SourceState> read(String source) {
        return first(pool.preparedQuery("SELECT " + COLUMNS + " FROM news_sources WHERE source = $1")
                .executeAndAwait(Tuple.of(source)).iterator());
    }

    /** A page is taken in; the walk goes on at {@code nextPage} (without any token), now or at the next poll. */
    public void pageDone(String source, String nextPage, Instant walkNewest) {
        pool.preparedQuery("UPDATE news_sources SET next_page = $2, walk_newest = $3 WHERE source = $1")
                .executeAndAwait(Tuple.of(source, nextPage, utc(walkNewest)));
    }

    /** A poll ended well: back-off reset, lease released; {@code walkComplete} ends the paging walk. */
    public void succeeded(String source, boolean walkComplete, Instant newestSeen, String etag, String lastModified,
            Instant now) {
        pool.preparedQuery("""
                UPDATE news_sources SET failures = 0, retry_after = NULL, last_error = NULL, last_success_at = $2,
                    lease_until = NULL, newest_seen = COALESCE($3, newest_seen), etag = $4, last_modified = $5,
                    next_page = CASE WHEN $6 THEN NULL ELSE next_page END,
                    walk_newest = CASE WHEN $6 THEN NULL ELSE walk_newest END
                WHERE source = $1""")
                .executeAndAwait(Tuple.from(java.util.Arrays.asList(source, utc(now), utc(newestSeen), etag, lastModified,
                        walkComplete)));
    }

    /** A poll failed: no request before {@code retryAfter}; the cursor stays where it was. */
    public void failed(String source, int failures, Instant retryAfter, String error) {
        pool.preparedQuery("""
                UPDATE news_sources SET failures = $2, retry_after = $3, last_error = $4, lease_until = NULL
                WHERE source = $1""")
                .executeAndAwait(Tuple.of(source, failures, utc(retryAfter), error));
    }

    private static Optional<SourceState> first(RowIterator<Row> rows) {
        if (!rows.hasNext()) {
            return Optional.empty();
        }
        Row row = rows.next();
        return Optional.of(new SourceState(row.getString("source"), row.getString("next_page"),
                instant(row, "newest_seen"), instant(row, "walk_newest"), row.getString("etag"),
                row.getString("last_modified"), row.getInteger("failures"), instant(row, "retry_after"),
                row.getString("last_error"), instant(row, "lease_until")));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
