package dev.tickcast.contracts.cloudevents;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids: the same input gives the same id, so a redelivered event's reply, a replayed
 * file's trades batch or a re-run backfill page carries the id it had the first time, and consumers can
 * drop the duplicate.
 */
public final class EventIds {
    private EventIds() {
    }

    /** A name-based UUID of the parts, joined with a separator that cannot occur in them ambiguously. */
    public static String derive(String... parts) {
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            name.append(part.length()).append(':').append(part).append('|');
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The id of the reply a function gives to an event: one per (function, input event). */
    public static String reply(String function, String inputEventId) {
        return derive("reply", function, inputEventId);
    }
}
