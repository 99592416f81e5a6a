package dev.tickcast.runtime.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.tickcast.contracts.cloudevents.MalformedEventException;
import dev.tickcast.contracts.validation.EventValidationException;
import io.quarkus.funqy.runtime.ApplicationException;

/** Which failures a retry can cure: not a broken contract, which fails the same way every time. */
final class FailureKinds {
    private FailureKinds() {
    }

    static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EventValidationException || t instanceof MalformedEventException
                    || t instanceof JsonProcessingException) {
                return false;
            }
        }
        return true;
    }

    /** The function's own exception, without Funqy's wrapper. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof ApplicationException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
