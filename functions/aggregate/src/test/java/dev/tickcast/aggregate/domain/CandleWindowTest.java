package dev.tickcast.aggregate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CandleWindowTest {
    static final Instant MINUTE = Instant.parse("2013-11-25T10:15:00Z");
    static final CandleWindow FIVE_SECONDS = new CandleWindow(Duration.ofSeconds(5));

    @Test
    void aTradeBelongsToTheMinuteItLiesIn() {
        assertThat(CandleWindow.startOf(MINUTE)).isEqualTo(MINUTE);
        assertThat(CandleWindow.startOf(MINUTE.plusSeconds(59).plusNanos(999_999_999))).isEqualTo(MINUTE);
        assertThat(CandleWindow.startOf(MINUTE.plusSeconds(60))).isEqualTo(MINUTE.plusSeconds(60));
        assertThat(CandleWindow.startOf(Instant.parse("1969-12-31T23:59:30Z")))
                .isEqualTo(Instant.parse("1969-12-31T23:59:00Z"));
        assertThat(CandleWindow.endOf(MINUTE)).isEqualTo(Instant.parse("2013-11-25T10:16:00Z"));
    }

    @Test
    void aMinuteClosesWhenTheWatermarkReachesItsEndPlusTheAllowedLateness() {
        Instant end = MINUTE.plusSeconds(60);
        assertThat(FIVE_SECONDS.isClosed(MINUTE, end.plusSeconds(4).plusNanos(999_999_999))).isFalse();
        assertThat(FIVE_SECONDS.isClosed(MINUTE, end.plusSeconds(5))).isTrue();
        assertThat(new CandleWindow(Duration.ZERO).isClosed(MINUTE, end)).isTrue();
        assertThat(new CandleWindow(Duration.ZERO).isClosed(MINUTE, end.minusNanos(1))).isFalse();
    }

    @Test
    void closedUntilIsTheEndOfTheLastClosedMinute() {
        Instant end = MINUTE.plusSeconds(60);
        assertThat(FIVE_SECONDS.closedUntil(end.plusSeconds(4))).isEqualTo(MINUTE);
        assertThat(FIVE_SECONDS.closedUntil(end.plusSeconds(5))).isEqualTo(end);
        assertThat(FIVE_SECONDS.closedUntil(end.plusSeconds(64))).isEqualTo(end);
        assertThat(FIVE_SECONDS.closedUntil(end.plusSeconds(185))).isEqualTo(end.plusSeconds(180));
        // consistent with isClosed for every minute around the watermark
        Instant watermark = end.plusSeconds(127);
        for (int m = -3; m <= 3; m++) {
            Instant start = MINUTE.plusSeconds(60L * m);
            assertThat(FIVE_SECONDS.isClosed(start, watermark)).as("minute %s", start)
                    .isEqualTo(start.isBefore(FIVE_SECONDS.closedUntil(watermark)));
        }
    }

    @Test
    void aTradeIsLateOnlyForAMinuteAlreadyClosed() {
        assertThat(CandleWindow.isLate(MINUTE.plusSeconds(59), MINUTE.plusSeconds(60))).isTrue();
        assertThat(CandleWindow.isLate(MINUTE.plusSeconds(60), MINUTE.plusSeconds(60))).isFalse();
        assertThat(CandleWindow.isLate(MINUTE, null)).isFalse();
    }

    @Test
    void aNegativeLatenessIsRejected() {
        assertThatThrownBy(() -> new CandleWindow(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }
}
