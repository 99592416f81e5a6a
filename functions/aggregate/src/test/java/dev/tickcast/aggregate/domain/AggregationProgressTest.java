package dev.tickcast.aggregate.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AggregationProgressTest {
    static final Instant T0 = Instant.parse("2013-11-25T10:00:00Z");
    static final CandleWindow DEFAULT_WINDOW = new CandleWindow(Duration.ofSeconds(5));
    /** More minutes than any step here closes. */
    static final long ANY = 1_000_000;

    static Instant at(int minute, int second) {
        return T0.plusSeconds(60L * minute + second);
    }

    static MinuteRange range(int from, int until) {
        return new MinuteRange(at(from, 0), at(until, 0));
    }

    @Test
    void theFirstCloseStartsTheSeriesAtTheFirstTradeMinuteAndWaitsForTheLateness() {
        AggregationProgress fresh = new AggregationProgress(at(0, 10), null, 0);

        AggregationProgress.Step early = fresh.advance(List.of(at(0, 10), at(1, 4)), DEFAULT_WINDOW, at(0, 0), ANY);
        assertThat(early.closing()).isNull();
        assertThat(early.after()).isEqualTo(new AggregationProgress(at(1, 4), null, 0));

        AggregationProgress.Step closing = early.after().advance(List.of(at(1, 5)), DEFAULT_WINDOW, at(0, 0), ANY);
        assertThat(closing.closing()).isEqualTo(range(0, 1));
        assertThat(closing.after()).isEqualTo(new AggregationProgress(at(1, 5), at(1, 0), 0));
        assertThat(closing.changesProgress()).isTrue();
    }

    @Test
    void aJumpInEventTimeClosesEveryMinuteUpToTheWatermarkMinusTheLateness() {
        AggregationProgress progress = new AggregationProgress(at(1, 30), at(1, 0), 0);

        AggregationProgress.Step step = progress.advance(List.of(at(1, 40), at(5, 4)), DEFAULT_WINDOW, null, ANY);

        assertThat(step.closing()).isEqualTo(range(1, 4));
        assertThat(step.after().closedUntil()).isEqualTo(at(4, 0));
        assertThat(step.after().watermark()).isEqualTo(at(5, 4));
        assertThat(step.lateTrades()).isZero();
        assertThat(step.recompute(Map.of())).containsExactly(range(1, 4));
    }

    @Test
    void duplicatesOnlyChangeNothing() {
        AggregationProgress progress = new AggregationProgress(at(5, 4), at(4, 0), 2);

        AggregationProgress.Step step = progress.advance(List.of(), DEFAULT_WINDOW, null, ANY);

        assertThat(step.changesProgress()).isFalse();
        assertThat(step.closing()).isNull();
        assertThat(step.recompute(Map.of())).isEmpty();
    }

    @Test
    void tradesForClosedMinutesAreCountedAndRecomputedWithTheCarriedForwardMinutesAfterThem() {
        // closed until 10:08; stored: 10:01 traded, 10:02-10:03 carried forward, 10:04 traded, 10:05-10:07 carried
        AggregationProgress progress = new AggregationProgress(at(8, 30), at(8, 0), 1);

        AggregationProgress.Step step = progress.advance(List.of(at(1, 50), at(1, 55), at(5, 10), at(7, 59), at(8, 1)),
                DEFAULT_WINDOW, null, ANY);

        assertThat(step.lateTrades()).isEqualTo(4);
        assertThat(step.after().lateTrades()).isEqualTo(5);
        assertThat(step.lateMinutes()).containsExactly(at(1, 0), at(5, 0), at(7, 0));
        assertThat(step.after().watermark()).isEqualTo(at(8, 30)); // late trades do not move event time back
        assertThat(step.closing()).isNull();
        // 10:01 → up to 10:04 (next traded); 10:05 and 10:07 → no traded minute after them: up to closedUntil
        assertThat(step.recompute(Map.of(at(1, 0), at(4, 0)))).containsExactly(range(1, 4), range(5, 8));
    }

    @Test
    void aLateMinuteBeforeTheSeriesStartFillsTheGapUpToIt() {
        AggregationProgress progress = new AggregationProgress(at(10, 30), at(10, 0), 0);

        AggregationProgress.Step step = progress.advance(List.of(at(2, 0), at(11, 10)), DEFAULT_WINDOW, null, ANY);

        assertThat(step.lateTrades()).isEqualTo(1);
        assertThat(step.closing()).isEqualTo(range(10, 11));
        // the first stored candle (10:06) has trades; late ranges reaching closedUntil join the closing range
        assertThat(step.recompute(Map.of(at(2, 0), at(6, 0)))).containsExactly(range(2, 6), range(10, 11));
        assertThat(step.recompute(Map.of())).containsExactly(range(2, 11));
    }

    @Test
    void aStepClosesAtMostItsMaximumAndLeavesTheRestPendingForTheNext() {
        // a quiet pair: closed until 10:01, then a trade 10 minutes later closes 10:01 up to 10:11
        AggregationProgress progress = new AggregationProgress(at(1, 30), at(1, 0), 0);

        AggregationProgress.Step first = progress.advance(List.of(at(11, 5)), DEFAULT_WINDOW, null, 4);
        assertThat(first.closing()).isEqualTo(range(1, 5));
        assertThat(first.after()).isEqualTo(new AggregationProgress(at(11, 5), at(5, 0), 0));
        assertThat(first.after().hasPending(DEFAULT_WINDOW)).isTrue();

        // the next steps have no new trades: they close the pending minutes from where the last one stopped
        AggregationProgress.Step second = first.after().advance(List.of(), DEFAULT_WINDOW, null, 4);
        assertThat(second.closing()).isEqualTo(range(5, 9));
        assertThat(second.changesProgress()).isTrue();
        AggregationProgress.Step third = second.after().advance(List.of(), DEFAULT_WINDOW, null, 4);
        assertThat(third.closing()).isEqualTo(range(9, 11));
        assertThat(third.after().hasPending(DEFAULT_WINDOW)).isFalse();
        assertThat(third.after()).isEqualTo(new AggregationProgress(at(11, 5), at(11, 0), 0));

        // a trade in a pending minute is not late: its minute is not written yet
        AggregationProgress.Step meanwhile = second.after().advance(List.of(at(9, 30)), DEFAULT_WINDOW, null, 4);
        assertThat(meanwhile.lateTrades()).isZero();
        assertThat(meanwhile.closing()).isEqualTo(range(9, 11));
    }
}
