package dev.tickcast.aggregate.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How far a pair's aggregation has come (its {@code aggregate_progress} row).
 *
 * @param watermark   the latest trade time seen
 * @param closedUntil the end of the last closed minute; {@code null} before the first minute closed
 * @param lateTrades  trades that arrived for minutes already closed
 */
public record AggregationProgress(Instant watermark, Instant closedUntil, long lateTrades) {

    /**
     * What newly stored trades (duplicates excluded) do: advance the watermark, close every minute the closing rule
     * allows, and mark late the trades of minutes already closed.
     *
     * @param firstMinute the start of the minute of the pair's earliest stored trade: where the series begins when no
     *                    minute is closed yet (ignored once one is)
     * @param maxClosing  the most minutes this step closes; the rest stay {@link #hasPending pending} for the next
     *                    step (a quiet pair's gap of a year closes in several transactions)
     */
    public Step advance(List<Instant> newTrades, CandleWindow window, Instant firstMinute, long maxClosing) {
        Instant watermark = this.watermark;
        SortedSet<Instant> lateMinutes = new TreeSet<>();
        int late = 0;
        for (Instant time : newTrades) {
            if (time.isAfter(watermark)) {
                watermark = time;
            }
            if (CandleWindow.isLate(time, closedUntil)) {
                late++;
                lateMinutes.add(CandleWindow.startOf(time));
            }
        }
        MinuteRange closing = null;
        Instant closed = closedUntil;
        Instant from = closedUntil != null ? closedUntil : firstMinute;
        if (from != null) {
            Instant until = window.closedUntil(watermark);
            if (until.isAfter(from)) {
                closing = new MinuteRange(from, until).first(maxClosing);
                closed = closing.until();
            }
        }
        return new Step(this, new AggregationProgress(watermark, closed, lateTrades + late), closing, lateMinutes, late);
    }

    /**
     * Whether minutes the watermark has closed are not written yet: a step closed only the first of them. Late
     * trades keep their meaning meanwhile: a trade is late only for a minute that is written.
     */
    public boolean hasPending(CandleWindow window) {
        return closedUntil != null && window.closedUntil(watermark).isAfter(closedUntil);
    }

    /**
     * The outcome of one batch.
     *
     * @param closing     the minutes this batch closes, or {@code null}
     * @param lateMinutes closed minutes that received late trades: each is recomputed as a new revision
     * @param lateTrades  how many of the batch's new trades were late
     */
    public record Step(AggregationProgress before, AggregationProgress after, MinuteRange closing,
            SortedSet<Instant> lateMinutes, int lateTrades) {

        public boolean changesProgress() {
            return !before.equals(after);
        }

        /**
         * The minutes whose candles must be (re)derived: the closing minutes, each late minute, and the
         * carried-forward minutes after a late minute up to the next minute that has its own trades, since they
         * carry its close. Sorted, joined where they touch, so each range's series is derived in one pass.
         *
         * @param nextTraded for each late minute, the start of the next stored candle after it that is not carried
         *                   forward; absent when there is none before {@code before.closedUntil()}
         */
        public List<MinuteRange> recompute(Map<Instant, Instant> nextTraded) {
            List<MinuteRange> ranges = new ArrayList<>();
            for (Instant minute : lateMinutes) {
                Instant next = nextTraded.get(minute);
                Instant until = next != null && next.isBefore(before.closedUntil()) ? next : before.closedUntil();
                ranges.add(new MinuteRange(minute, until));
            }
            if (closing != null) {
                ranges.add(closing);
            }
            return MinuteRange.merge(ranges);
        }
    }
}
