package dev.tickcast.api.rest;

/** A request parameter broke a rule: answered with 400 and a body naming the field and the rule. */
public class BadRequest extends RuntimeException {
    private final String field;
    private final String rule;

    public BadRequest(String field, String rule, String message) {
        super(field + ": " + message);
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
