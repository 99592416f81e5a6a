package dev.tickcast.ingest.repository;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/** The newest trade aggregate has stored for a pair: where a restarted ingest resumes from. */
@ApplicationScoped
public class LastTrades {
    public record LastTrade(String id, Instant time) {
    }

    @Inject
    Pool pool;

    public Optional<LastTrade> of(String pair) {
        RowIterator<Row> rows = pool.preparedQuery("""
                SELECT trade_id, traded_at FROM trades WHERE pair = $1 AND source LIKE 'kraken%'
                ORDER BY traded_at DESC, seq DESC LIMIT 1""")
                .executeAndAwait(Tuple.of(pair)).iterator();
        if (!rows.hasNext()) {
            return Optional.empty();
        }
        Row row = rows.next();
        return Optional.of(new LastTrade(row.getString("trade_id"), row.getOffsetDateTime("traded_at").toInstant()));
    }
}
