package dev.tickcast.api.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TimeRangeTest {
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration WEEK = Duration.ofDays(7);
    static final Instant NEWEST = Instant.parse("2013-12-01T10:00:00Z");

    @Test
    void withoutToTheRangeEndsWithTheNewestRowsMinute() {
        assertThat(TimeRange.of(null, null, Optional.of(NEWEST), HOUR, WEEK))
                .isEqualTo(new TimeRange(Instant.parse("2013-12-01T09:01:00Z"), Instant.parse("2013-12-01T10:01:00Z")));
        // with only from: up to the newest data, at most max after from
        Instant from = Instant.parse("2013-12-01T09:30:00Z");
        assertThat(TimeRange.of(from, null, Optional.of(NEWEST), HOUR, WEEK).to()).isEqualTo(NEWEST.plusSeconds(60));
        Instant longAgo = Instant.parse("2013-01-01T00:00:00Z");
        assertThat(TimeRange.of(longAgo, null, Optional.of(NEWEST), HOUR, WEEK).to()).isEqualTo(longAgo.plus(WEEK));
        // from after the newest data: nothing to read
        assertThat(TimeRange.of(NEWEST.plus(HOUR), null, Optional.of(NEWEST), HOUR, WEEK).isEmpty()).isTrue();
    }

    @Test
    void aGivenToIsKeptAndChecked() {
        Instant to = Instant.parse("2013-11-25T10:00:00Z");
        assertThat(TimeRange.of(null, to, Optional.empty(), HOUR, WEEK)).isEqualTo(new TimeRange(to.minus(HOUR), to));
        assertThatThrownBy(() -> TimeRange.of(to, to, Optional.empty(), HOUR, WEEK)).isInstanceOf(BadRequest.class)
                .hasMessageStartingWith("from: must be before to");
        assertThatThrownBy(() -> TimeRange.of(to.minus(WEEK).minusSeconds(1), to, Optional.empty(), HOUR, WEEK))
                .isInstanceOf(BadRequest.class).hasMessageStartingWith("to: ");
    }
}
