package dev.tickcast.contracts.cloudevents;

/** A message that is not a binary-mode CloudEvent: a required context attribute is missing or unreadable. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }
}
