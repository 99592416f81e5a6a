package dev.tickcast.contracts.cloudevents;

/**
 * A message that is not a binary-mode CloudEvent 1.0: a required context attribute is missing, empty or unreadable.
 * The message names the attribute and the rule it breaks ({@code ce_source: required CloudEvents attribute is missing}).
 */
public class MalformedEventException extends RuntimeException {
    private final String field;
    private final String rule;

    public MalformedEventException(String message) {
        this(message.contains(":") ? message.substring(0, message.indexOf(':')) : "event", "cloudevents", message);
    }

    /** {@code message} starts with the field, as every message of this exception does. */
    public MalformedEventException(String field, String rule, String message) {
        super(message);
        this.field = field;
        this.rule = rule;
    }

    /** The attribute (as its header is named) or {@code data}. */
    public String field() {
        return field;
    }

    /** A short name of the rule, e.g. {@code required}, {@code specversion=1.0}, {@code rfc3339}. */
    public String rule() {
        return rule;
    }
}
