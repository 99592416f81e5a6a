package dev.tickcast.train.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class EventTimeScheduleTest {
    private static final Instant DEFAULT_LAST = Instant.parse("2013-11-26T06:00:00Z");
    private static final EventTimeSchedule SIX_HOURS = new EventTimeSchedule(Duration.ofHours(6));

    @Test
    void aPairNeverTrainedIsDueAtOnce() {
        assertThat(SIX_HOURS.due(DEFAULT_LAST, Optional.empty(), Optional.empty())).isTrue();
    }

    @Test
    void aTrainedPairIsDueWhenItsEventTimeIsEveryPastTheLastTrainedDataEnd() {
        Optional<Instant> last = Optional.of(DEFAULT_LAST);
        assertThat(SIX_HOURS.due(DEFAULT_LAST.plus(Duration.ofHours(6)).minusSeconds(60), last, Optional.empty())).isFalse();
        assertThat(SIX_HOURS.due(DEFAULT_LAST.plus(Duration.ofHours(6)), last, Optional.empty())).isTrue();
        // the wall clock plays no part: 2013 data is not "years overdue"
        assertThat(SIX_HOURS.due(DEFAULT_LAST.plusSeconds(60), last, Optional.empty())).isFalse();
    }

    @Test
    void aRunWithTooFewRowsWaitsUntilTheMissingRowsCanExist() {
        Instant retry = EventTimeSchedule.enoughRowsAt(DEFAULT_LAST, 120, 300);
        assertThat(retry).isEqualTo(DEFAULT_LAST.plus(Duration.ofMinutes(180)));
        assertThat(SIX_HOURS.due(retry.minusSeconds(60), Optional.empty(), Optional.of(retry))).isFalse();
        assertThat(SIX_HOURS.due(retry, Optional.empty(), Optional.of(retry))).isTrue();
    }

    @Test
    void everyMustBePositive() {
        assertThatThrownBy(() -> new EventTimeSchedule(Duration.ZERO))
                .hasMessageStartingWith("tickcast.train.every: must be a positive duration or off");
    }
}
