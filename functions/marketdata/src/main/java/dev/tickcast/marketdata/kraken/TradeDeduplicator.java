package dev.tickcast.marketdata.kraken;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.tickcast.contracts.market.Trade;

/**
 * Passes each Kraken trade id once, in order. Kraken's trade ids are sequence numbers per book, identical in
 * REST and WebSocket v2, so "fresh" is simply "greater than the last id passed": overlaps between a REST page
 * and the WebSocket, a snapshot repeating trades already seen, or a page fetched again all fall away.
 * Not thread-safe: one per pair, used by one thread.
 */
public final class TradeDeduplicator {
    private static final Comparator<Trade> BY_ID = Comparator.comparingLong(TradeDeduplicator::sequence);

    private long lastId;
    private Instant lastTime;

    /** Nothing passed yet: every trade is fresh. */
    public TradeDeduplicator() {
        this.lastId = Long.MIN_VALUE;
    }

    /** Resumes after a trade passed earlier (e.g. the last one stored or published). */
    public TradeDeduplicator(String lastId, Instant lastTime) {
        this.lastId = sequence(lastId);
        this.lastTime = lastTime;
    }

    /** The trades not passed yet, by id, each id once. Does not advance: call {@link #advance} once they are delivered. */
    public List<Trade> fresh(List<Trade> trades) {
        List<Trade> fresh = new ArrayList<>();
        for (Trade trade : trades) {
            if (sequence(trade) > lastId) {
                fresh.add(trade);
            }
        }
        fresh.sort(BY_ID);
        for (int i = fresh.size() - 1; i > 0; i--) {
            if (sequence(fresh.get(i)) == sequence(fresh.get(i - 1))) {
                fresh.remove(i);
            }
        }
        return fresh;
    }

    /** Marks trades (as returned by {@link #fresh}) as passed. */
    public void advance(List<Trade> delivered) {
        for (Trade trade : delivered) {
            long id = sequence(trade);
            if (id > lastId) {
                lastId = id;
                lastTime = trade.time();
            }
        }
    }

    /** The id of the last trade passed, if any. */
    public Optional<String> lastId() {
        return lastId == Long.MIN_VALUE ? Optional.empty() : Optional.of(Long.toString(lastId));
    }

    /** The time of the last trade passed, if known. */
    public Optional<Instant> lastTime() {
        return Optional.ofNullable(lastTime);
    }

    static long sequence(Trade trade) {
        return sequence(trade.id());
    }

    private static long sequence(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trade id: Kraken trade ids are whole numbers, got '" + id + "'");
        }
    }
}
