package dev.tickcast.aggregate.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Whole minutes {@code [from, until)}, both on minute boundaries; empty when {@code until ≤ from}. */
public record MinuteRange(Instant from, Instant until) {

    public MinuteRange {
        if (!CandleWindow.startOf(from).equals(from) || !CandleWindow.startOf(until).equals(until)) {
            throw new IllegalArgumentException("a minute range runs between minute boundaries, got [" + from + ", "
                    + until + ")");
        }
    }

    public boolean isEmpty() {
        return !until.isAfter(from);
    }

    /** The start of every minute in the range, in order. */
    public Stream<Instant> minutes() {
        return Stream.iterate(from, until::isAfter, start -> start.plus(CandleWindow.LENGTH));
    }

    /** The range cut into consecutive ranges of at most {@code maxMinutes} minutes, in order; none when empty. */
    public List<MinuteRange> chunks(int maxMinutes) {
        if (maxMinutes < 1) {
            throw new IllegalArgumentException("a chunk holds at least one minute, got " + maxMinutes);
        }
        List<MinuteRange> chunks = new ArrayList<>();
        Duration size = CandleWindow.LENGTH.multipliedBy(maxMinutes);
        for (Instant start = from; start.isBefore(until); start = start.plus(size)) {
            Instant end = start.plus(size);
            chunks.add(new MinuteRange(start, end.isBefore(until) ? end : until));
        }
        return chunks;
    }

    /** The first {@code maxMinutes} minutes of the range (all of it when shorter). */
    public MinuteRange first(long maxMinutes) {
        if (maxMinutes < 1) {
            throw new IllegalArgumentException("a range holds at least one minute, got " + maxMinutes);
        }
        return Duration.between(from, until).toMinutes() <= maxMinutes ? this
                : new MinuteRange(from, from.plus(CandleWindow.LENGTH.multipliedBy(maxMinutes)));
    }

    /** The ranges sorted, empty ones dropped, overlapping or adjacent ones joined. */
    public static List<MinuteRange> merge(List<MinuteRange> ranges) {
        List<MinuteRange> sorted = ranges.stream().filter(r -> !r.isEmpty())
                .sorted(Comparator.comparing(MinuteRange::from)).toList();
        List<MinuteRange> merged = new ArrayList<>();
        for (MinuteRange range : sorted) {
            MinuteRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !range.from().isAfter(last.until())) {
                merged.set(merged.size() - 1,
                        new MinuteRange(last.from(), range.until().isAfter(last.until()) ? range.until() : last.until()));
            } else {
                merged.add(range);
            }
        }
        return merged;
    }
}
