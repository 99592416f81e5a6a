package dev.tickcast.sentiment.scoring;

/** A model's answer that breaks the scorer contract; names the field and the rule, like every contract violation. */
public class InvalidLlmAnswerException extends RuntimeException {
    private final String field;
    private final String rule;

    public InvalidLlmAnswerException(String field, String rule, String message) {
        super(field + " [" + rule + "]: " + message);
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
