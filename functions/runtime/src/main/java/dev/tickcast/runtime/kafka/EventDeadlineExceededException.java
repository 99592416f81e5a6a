package dev.tickcast.runtime.kafka;

import java.time.Duration;

/** An attempt that did not finish within {@code tickcast.kafka-binding.event-deadline}: a failed attempt, not a hang. */
final class EventDeadlineExceededException extends RuntimeException {
    EventDeadlineExceededException(Duration deadline) {
        super("no result within " + deadline + " (tickcast.kafka-binding.event-deadline)", null, false, false);
    }
}
