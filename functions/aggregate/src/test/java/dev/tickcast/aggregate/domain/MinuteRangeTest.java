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
}
