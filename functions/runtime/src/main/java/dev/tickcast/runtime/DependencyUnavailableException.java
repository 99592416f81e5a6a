package dev.tickcast.runtime;

/**
 * A dependency a function needs is down or refusing (the broker ingress answered 5xx, a model registry cannot be
 * read): an infrastructure failure ({@link FailureKind#INFRASTRUCTURE}), retried until the dependency is back and
 * never blamed on the event.
 */
public class DependencyUnavailableException extends RuntimeException {
    private final String dependency;

    public DependencyUnavailableException(String dependency, String message, Throwable cause) {
        super(message, cause);
        this.dependency = dependency;
    }

    /** For health and metrics, e.g. {@code PostgreSQL}, {@code S3}, {@code Kafka}, {@code the broker ingress}. */
    public String dependency() {
        return dependency;
    }
}
