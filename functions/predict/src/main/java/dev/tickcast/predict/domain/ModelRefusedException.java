package dev.tickcast.predict.domain;

/** A model version that predict will not serve; the message names the file, the field and the rule. */
public class ModelRefusedException extends RuntimeException {
    public ModelRefusedException(String message) {
        super(message);
    }

    public ModelRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
