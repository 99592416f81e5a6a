package dev.tickcast.api.rest;

/** Nothing stored yet for a valid request: answered with 404 and a body that says what is missing. */
public class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message);
    }
}
