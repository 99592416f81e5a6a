package dev.tickcast.aggregate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class MinuteRangeTest {
    static final Instant T0 = Instant.parse("2013-11-25T10:00:00Z");

    static Instant minute(int m) {
        return T0.plusSeconds(60L * m);
    }

    static MinuteRange range(int from, int until) {
        return new MinuteRange(minute(from), minute(until));
    }

    @Test
    void aRangeListsItsMinutesInOrderAndExcludesItsEnd() {
        assertThat(range(2, 5).minutes()).containsExactly(minute(2), minute(3), minute(4));
        assertThat(range(2, 2).minutes()).isEmpty();
        assertThat(range(2, 2).isEmpty()).isTrue();
        assertThat(range(3, 2).isEmpty()).isTrue();
    }

    @Test
    void rangesAreSortedAndJoinedWhereTheyOverlapOrTouch() {
        assertThat(MinuteRange.merge(List.of(range(10, 12), range(0, 2), range(2, 4), range(3, 6), range(7, 8),
                range(9, 9)))).containsExactly(range(0, 6), range(7, 8), range(10, 12));
        assertThat(MinuteRange.merge(List.of(range(0, 10), range(2, 3)))).containsExactly(range(0, 10));
    }

    @Test
    void aRangeRunsBetweenMinuteBoundaries() {
        assertThatThrownBy(() -> new MinuteRange(T0.plusSeconds(1), minute(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minute boundaries");
    }

    @Test
    void aRangeIsCutIntoConsecutiveChunksOfAtMostTheSize() {
        assertThat(range(0, 7).chunks(3)).containsExactly(range(0, 3), range(3, 6), range(6, 7));
        assertThat(range(0, 6).chunks(3)).containsExactly(range(0, 3), range(3, 6));
        assertThat(range(0, 2).chunks(3)).containsExactly(range(0, 2));
        assertThat(range(2, 2).chunks(3)).isEmpty();
        // a year of minutes is 526 chunks of 1,000, not one per minute
        MinuteRange year = new MinuteRange(minute(0), minute(0).plus(java.time.Duration.ofDays(365)));
        assertThat(year.chunks(1000)).hasSize(526).first().isEqualTo(new MinuteRange(minute(0), minute(1000)));
        assertThatThrownBy(() -> range(0, 2).chunks(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFirstMinutesOfARange() {
        assertThat(range(0, 7).first(3)).isEqualTo(range(0, 3));
        assertThat(range(0, 7).first(7)).isEqualTo(range(0, 7));
        assertThat(range(0, 7).first(Long.MAX_VALUE)).isEqualTo(range(0, 7));
    }
}
