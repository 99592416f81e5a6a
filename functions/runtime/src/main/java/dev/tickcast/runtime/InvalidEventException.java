package dev.tickcast.runtime;

import java.util.List;
import java.util.stream.Collectors;

import dev.tickcast.contracts.validation.Violation;

/**
 * An event that can never succeed, found before its function runs ({@link EventAdmission}): its bytes, encoding,
 * size, nesting, content type, CloudEvents attributes, type, contract or times break a rule. Each violation names
 * the field and the rule. {@link #status()} is what HTTP answers: 400, 413 (too large) or 415 (content type).
 */
public class InvalidEventException extends RuntimeException {
    private final int status;
    private final String type;
    private final List<Violation> violations;

    public InvalidEventException(int status, String type, List<Violation> violations) {
        super((type == null ? "invalid event: " : "invalid " + type + ": ")
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.status = status;
        this.type = type;
        this.violations = List.copyOf(violations);
    }

    public InvalidEventException(int status, String type, String field, String rule, String message) {
        this(status, type, List.of(new Violation(field, rule, message)));
    }

    public int status() {
        return status;
    }

    /** The event's {@code type}, when it got that far. */
    public String type() {
        return type;
    }

    public List<Violation> violations() {
        return violations;
    }
}
