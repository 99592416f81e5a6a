package dev.tickcast.api.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many WebSocket streams are open, in all and per client address. Every open stream holds a socket and a share of
 * each broadcast, so both are capped: a connection over a limit is refused with a close code a client can act on.
 */
final class ConnectionLimits {
    /** RFC 6455: the client broke a policy (here: too many streams from its address). */
    static final short POLICY_VIOLATION = 1008;
    /** RFC 6455: the server is overloaded for now; a client may reconnect later. */
    static final short TRY_AGAIN_LATER = 1013;

    /** Why a connection is refused: its close code and reason (at most 123 bytes, as a close frame allows). */
    record Refusal(short code, String reason) {
    }

    private final int total;
    private final int perClient;
    private final Map<String, Integer> byClient = new HashMap<>();
    private int open;

    ConnectionLimits(int total, int perClient) {
        if (total < 1 || perClient < 1) {
            throw new IllegalArgumentException("stream limits must be at least 1, got " + total + " in all and "
                    + perClient + " per client");
        }
        this.total = total;
        this.perClient = perClient;
    }

    /** Counts the connection in, or says why not; each admitted connection is {@link #release released} once. */
    synchronized Optional<Refusal> admit(String client) {
        int fromClient = byClient.getOrDefault(client, 0);
        if (fromClient >= perClient) {
            return Optional.of(new Refusal(POLICY_VIOLATION, "at most " + perClient
                    + " streams per client address (tickcast.api.stream.max-connections-per-client)"));
        }
        if (open >= total) {
            return Optional.of(new Refusal(TRY_AGAIN_LATER, "the server has its maximum of " + total
                    + " streams open (tickcast.api.stream.max-connections): try again later"));
        }
        byClient.put(client, fromClient + 1);
        open++;
        return Optional.empty();
    }

    synchronized void release(String client) {
        Integer fromClient = byClient.get(client);
        if (fromClient == null) {
            return;
        }
        if (fromClient == 1) {
            byClient.remove(client);
        } else {
            byClient.put(client, fromClient - 1);
        }
        open--;
    }

    synchronized int open() {
        return open;
    }
}
