package dev.tickcast.runtime;

import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.tickcast.contracts.cloudevents.MalformedEventException;
import dev.tickcast.contracts.validation.EventValidationException;
import io.quarkus.funqy.runtime.ApplicationException;

/**
 * Whose fault a failure is, decided in this one place for both bindings (DESIGN.md, "Time and failure"):
 * <ul>
 * <li>{@link #INVALID}: the event's. It fails the same way every time: 4xx over HTTP, one dead letter on Kafka, at
 * once.</li>
 * <li>{@link #INFRASTRUCTURE}: a dependency's (PostgreSQL, S3, the Kafka broker) that is down, hung or refusing. Never
 * the event's: 503 over HTTP so Knative retries; on Kafka the binding waits and retries until it is back, and
 * dead-letters nothing.</li>
 * <li>{@link #FUNCTION}: anything else (a bug, a hung attempt, an outside service answering nonsense): retried a few
 * times, then dead-lettered with code 500 for a person to look at and redrive.</li>
 * </ul>
 * The exception and its whole cause chain count, so a driver's connection error wrapped by Hibernate, Funqy or
 * Mutiny is still an infrastructure failure. Classes of optional libraries (the reactive PostgreSQL client, the AWS
 * SDK) are matched by name, so the runtime needs none of them on its classpath.
 */
public enum FailureKind {
    INVALID,
    INFRASTRUCTURE,
    FUNCTION;

    public static final String POSTGRESQL = "PostgreSQL";
    public static final String S3 = "S3";
    public static final String KAFKA = "Kafka";
    /** A connection failed but nothing in the chain says to what. */
    public static final String UNKNOWN_DEPENDENCY = "a dependency";

    /** SQLSTATE classes of a database that is unreachable or unwell, not of a bad statement or row. */
    private static final Set<String> UNAVAILABLE_SQL_STATES = Set.of("08", "53", "57", "58");
    /** Errors the server sent, with their SQLSTATE ({@code PgException} extends it). */
    private static final Set<String> POSTGRESQL_ERRORS = Set.of("io.vertx.sqlclient.DatabaseException");
    private static final Set<String> POSTGRESQL_CONNECTION_LOST = Set.of("io.vertx.sqlclient.ClosedConnectionException",
            "org.hibernate.exception.JDBCConnectionException");
    /**
     * What the reactive SQL client's pool throws, bare, when no connection comes in time or it was closed under the
     * caller (at shutdown).
     */
    private static final Set<String> POOL_FAILURES = Set.of("Timeout waiting for connection", "Pool closed");
    private static final Set<String> S3_CLIENT_CLASSES = Set.of("software.amazon.awssdk.core.exception.SdkClientException");
    private static final Set<String> S3_SERVICE_CLASSES = Set.of("software.amazon.awssdk.awscore.exception.AwsServiceException");
    private static final Set<String> KAFKA_CLASSES = Set.of("org.apache.kafka.common.errors.RetriableException",
            "org.apache.kafka.common.errors.InterruptException",
            // the emitter's buffer is full because the sink cannot produce
            "io.smallrye.mutiny.subscription.BackPressureFailure");

    /** ":port" of the configured servers → their name, so a bare "Connection refused: /127.0.0.1:15432" is named. */
    private static final Map<String, String> ENDPOINTS = new ConcurrentHashMap<>();
    private static final Pattern PORT = Pattern.compile(":(\\d{2,5})(?!\\d)");

    /**
     * Names the server at {@code address} (a URL or host:port list, e.g. {@code postgresql://127.0.0.1:15432/tickcast}
     * or {@code kafka.bootstrap.servers}) {@code dependency}: a connection error whose message names its port is then
     * that dependency's. Registered at start from the function's configuration ({@link DependencyEndpoints}).
     */
    public static void endpoint(String dependency, String address) {
        if (address == null) {
            return;
        }
        Matcher port = PORT.matcher(address);
        while (port.find()) {
            ENDPOINTS.put(":" + port.group(1), dependency);
        }
    }

    /** The kind of {@code failure}; an invalid event wins over anything it caused. */
    public static FailureKind of(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof InvalidEventException || t instanceof EventValidationException
                    || t instanceof MalformedEventException || t instanceof JsonProcessingException) {
                return INVALID;
            }
        }
        return dependency(failure) != null ? INFRASTRUCTURE : FUNCTION;
    }

    /**
     * The dependency that failed ({@link #POSTGRESQL}, {@link #S3}, {@link #KAFKA}, the name a
     * {@link DependencyUnavailableException} gives, or {@link #UNKNOWN_DEPENDENCY}); null when the failure is not an
     * infrastructure failure.
     */
    public static String dependency(Throwable failure) {
        boolean network = false;
        String named = null;
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof DependencyUnavailableException unavailable) {
                return unavailable.dependency();
            }
            if (isA(t, POSTGRESQL_ERRORS)) {
                // a server's error: only those of a server that is shutting down, out of resources or unreachable
                String state = sqlState(t);
                if (state != null && unavailable(state)) {
                    return POSTGRESQL;
                }
            } else if (isA(t, POSTGRESQL_CONNECTION_LOST) || (t.getMessage() != null && POOL_FAILURES.contains(t.getMessage())
                    && isA(t, Set.of("io.vertx.core.VertxException", "io.vertx.core.impl.NoStackTraceThrowable")))) {
                return POSTGRESQL;
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || (t instanceof SQLException sql && sql.getSQLState() != null && unavailable(sql.getSQLState()))) {
                return POSTGRESQL;
            }
            if (isA(t, S3_CLIENT_CLASSES) || (isA(t, S3_SERVICE_CLASSES) && status(t) >= 500)) {
                return S3;
            }
            if (isA(t, KAFKA_CLASSES)) {
                return KAFKA;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException || t instanceof SocketException
                    || t instanceof ClosedChannelException || isA(t, Set.of("io.netty.channel.ConnectTimeoutException"))) {
                network = true;
            }
            if (named == null) {
                named = fromStack(t);
            }
            if (named == null) {
                named = fromMessage(t.getMessage());
            }
        }
        return network ? (named != null ? named : UNKNOWN_DEPENDENCY) : null;
    }

    /** The function's own exception, without Funqy's wrapper. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof ApplicationException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Throwable next(Throwable t) {
        Throwable cause = t.getCause();
        return cause == t ? null : cause;
    }

    private static boolean unavailable(String sqlState) {
        return sqlState.length() >= 2 && UNAVAILABLE_SQL_STATES.contains(sqlState.substring(0, 2));
    }

    /** Whether {@code t}'s class or one of its superclasses is named in {@code names}. */
    private static boolean isA(Throwable t, Set<String> names) {
        for (Class<?> c = t.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
            if (names.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }

    /** A bare network error (Netty's carries no stack) names its client by the frames that threw it, if any. */
    private static String fromStack(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            String name = frame.getClassName();
            if (name.startsWith("io.vertx.pgclient.") || name.startsWith("io.vertx.sqlclient.")
                    || name.startsWith("org.postgresql.")) {
                return POSTGRESQL;
            }
            if (name.startsWith("software.amazon.awssdk.")) {
                return S3;
            }
            if (name.startsWith("org.apache.kafka.")) {
                return KAFKA;
            }
        }
        return null;
    }

    private static String fromMessage(String message) {
        if (message == null) {
            return null;
        }
        Matcher port = PORT.matcher(message);
        while (port.find()) {
            String dependency = ENDPOINTS.get(":" + port.group(1));
            if (dependency != null) {
                return dependency;
            }
        }
        return null;
    }

    private static String sqlState(Throwable t) {
        Object state = call(t, "getSqlState");
        return state instanceof String s ? s : null;
    }

    private static int status(Throwable t) {
        Object status = call(t, "statusCode");
        return status instanceof Integer i ? i : -1;
    }

    private static Object call(Throwable t, String method) {
        try {
            Method m = t.getClass().getMethod(method);
            return m.invoke(t);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
