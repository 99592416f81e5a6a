package dev.tickcast.api.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tickcast.contracts.model.SignalAction;
import dev.tickcast.contracts.model.TradingSignal;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the trading signals predict stored (table {@code signals}). */
@ApplicationScoped
public class SignalRepository {
    @Inject
    Pool pool;

    /** Signals with {@code from <= time < to}, oldest first, at most {@code limit}. */
    public Uni<List<TradingSignal>> range(String pair, Instant from, Instant to, int limit) {
        return pool.preparedQuery("""
                SELECT pair, time, action, price, predicted_return, threshold, model_version
                FROM signals WHERE pair = $1 AND time >= $2 AND time < $3 ORDER BY time LIMIT $4""")
                .execute(Tuple.of(pair, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<TradingSignal> signals = new ArrayList<>();
                    for (Row row : rows) {
                        signals.add(new TradingSignal(row.getString("pair"), row.getOffsetDateTime("time").toInstant(),
                                SignalAction.valueOf(row.getString("action").toUpperCase(Locale.ROOT)),
                                row.getBigDecimal("price"), row.getDouble("predicted_return"), row.getDouble("threshold"),
                                row.getString("model_version")));
                    }
                    return signals;
                });
    }

    /** The time of the pair's newest row (event time): where ranges without {@code to} end. */
    public Uni<Optional<Instant>> newest(String pair) {
        return pool.preparedQuery("SELECT max(time) AS newest FROM signals WHERE pair = $1").execute(Tuple.of(pair))
                .map(rows -> Optional.ofNullable(rows.iterator().next().getOffsetDateTime("newest"))
                        .map(OffsetDateTime::toInstant));
    }
}
