package dev.tickcast.ingest.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tickcast.ingest.service.NewsCandidate;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code news_items}: every item taken in, by stable id and by URL, and whether its event (or dead letter) is
 * with the broker yet: an outbox, so an item is emitted at least once and recorded exactly once. Blocking calls:
 * the poller runs on a worker thread.
 */
@ApplicationScoped
public class NewsLedger {
    /** An item whose news.v1 event (or dead letter, when {@code violation} is set) is not acknowledged yet. */
    public record Unemitted(String newsId, String source, Instant publishedAt, String payload, String violation) {
    }

    private final Pool pool;

    public NewsLedger(Pool pool) {
        this.pool = pool;
    }

    /** Records an item unless its id or its URL is known already; true when it is new. */
    public boolean record(NewsCandidate item) {
        return pool.preparedQuery("""
                INSERT INTO news_items (news_id, url, source, published_at, payload, violation)
                VALUES ($1, $2, $3, $4, $5::text::jsonb, $6) ON CONFLICT DO NOTHING""")
                .executeAndAwait(Tuple.of(item.newsId(), item.url(), item.source(), utc(item.publishedAt()),
                        item.payload().toString(), item.violation()))
                .rowCount() > 0;
    }

    /** A source's items still to emit, oldest first. */
    public List<Unemitted> unemitted(String source) {
        List<Unemitted> items = new ArrayList<>();
        for (Row row : pool.preparedQuery("""
                SELECT news_id, source, published_at, payload::text AS payload, violation FROM news_items
                WHERE source = $1 AND NOT emitted ORDER BY published_at NULLS LAST, news_id""")
                .executeAndAwait(Tuple.of(source))) {
            OffsetDateTime published = row.getOffsetDateTime("published_at");
            items.add(new Unemitted(row.getString("news_id"), row.getString("source"),
                    published == null ? null : published.toInstant(), row.getString("payload"), row.getString("violation")));
        }
        return items;
    }

    public void markEmitted(String newsId) {
        pool.preparedQuery("UPDATE news_items SET emitted = true WHERE news_id = $1").executeAndAwait(Tuple.of(newsId));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
