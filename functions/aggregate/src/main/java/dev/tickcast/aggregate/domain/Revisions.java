package dev.tickcast.aggregate.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tickcast.contracts.market.Candle;

/**
 * Which derived candles must be written, and as which revision: a minute never stored is revision 0, a stored
 * minute whose values changed (a late trade, or a new close carried forward into it) is the stored revision + 1,
 * and an unchanged minute is not written again, so recomputing a minute twice emits nothing new.
 */
public final class Revisions {
    private Revisions() {
    }

    public static List<Candle> toWrite(List<Candle> derived, Map<Instant, Candle> stored) {
        List<Candle> changes = new ArrayList<>();
        for (Candle candle : derived) {
            Candle previous = stored.get(candle.start());
            if (previous == null) {
                changes.add(withRevision(candle, 0));
            } else if (!sameValues(candle, previous)) {
                changes.add(withRevision(candle, previous.revision() + 1));
            }
        }
        return changes;
    }

    /** Equal as numbers (a decimal's scale is not a value), flags and counts included; the revision is not. */
    static boolean sameValues(Candle a, Candle b) {
        return a.pair().equals(b.pair()) && a.start().equals(b.start()) && a.end().equals(b.end())
                && same(a.open(), b.open()) && same(a.high(), b.high()) && same(a.low(), b.low())
                && same(a.close(), b.close()) && same(a.volume(), b.volume()) && same(a.vwap(), b.vwap())
                && a.tradeCount() == b.tradeCount() && a.carriedForward() == b.carriedForward();
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a.compareTo(b) == 0;
    }

    private static Candle withRevision(Candle c, int revision) {
        return new Candle(c.pair(), c.start(), c.end(), c.open(), c.high(), c.low(), c.close(), c.volume(), c.vwap(),
                c.tradeCount(), c.carriedForward(), revision);
    }
}
