package dev.tickcast.contracts.validation;

import java.util.List;
import java.util.stream.Collectors;

/** An event payload broke its contract. Never worth a retry: the same bytes break it again. */
public class EventValidationException extends RuntimeException {
    private final String type;
    private final List<Violation> violations;

    public EventValidationException(String type, List<Violation> violations) {
        super("invalid " + type + ": " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.type = type;
        this.violations = List.copyOf(violations);
    }

    public String type() {
        return type;
    }

    public List<Violation> violations() {
        return violations;
    }
}
