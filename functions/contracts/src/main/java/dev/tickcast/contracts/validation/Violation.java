package dev.tickcast.contracts.validation;

/**
 * One broken rule of an event payload.
 *
 * @param field   where, as a path into the payload ({@code trades[3].price}); {@code $} for the payload itself
 * @param rule    which rule: the JSON Schema keyword ({@code required}, {@code pattern}, {@code minimum}, …) or a
 *                named cross-field rule ({@code low<=open,close<=high})
 * @param message the rule in words
 */
public record Violation(String field, String rule, String message) {
    @Override
    public String toString() {
        return field + " [" + rule + "]: " + message;
    }
}
