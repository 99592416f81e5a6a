package dev.tickcast.aggregate.domain;

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
