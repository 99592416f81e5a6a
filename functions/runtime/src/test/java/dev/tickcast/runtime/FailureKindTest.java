package dev.tickcast.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import com.fasterxml.jackson.core.JsonParseException;

import dev.tickcast.contracts.cloudevents.MalformedEventException;
import dev.tickcast.contracts.validation.EventValidationException;
import dev.tickcast.contracts.validation.Violation;
import io.quarkus.funqy.runtime.ApplicationException;
import io.vertx.core.VertxException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The one place that decides whose fault a failure is, with the exceptions the real clients throw. */
class FailureKindTest {

    @Test
    void aBrokenEventIsInvalidHoweverDeeplyWrapped() {
        EventValidationException contract = new EventValidationException("dev.tickcast.trades.v1",
                List.of(new Violation("trades[0].price", "pattern", "exact positive decimal")));
        assertThat(FailureKind.of(wrapped(contract))).isEqualTo(FailureKind.INVALID);
        assertThat(FailureKind.of(new MalformedEventException("ce_source: required CloudEvents attribute is missing")))
                .isEqualTo(FailureKind.INVALID);
        assertThat(FailureKind.of(wrapped(new JsonParseException(null, "Unexpected character")))).isEqualTo(FailureKind.INVALID);
        assertThat(FailureKind.of(new InvalidEventException(415, null, "content-type", "application/json", "text/plain")))
                .isEqualTo(FailureKind.INVALID);
    }

    @Test
    void postgresqlRefusingOrGoneIsInfrastructureButABadStatementIsNot() {
        PSQLException refused = new PSQLException("Connection to 127.0.0.1:15432 refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT);
        assertThat(FailureKind.of(wrapped(refused))).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.dependency(wrapped(refused))).isEqualTo("PostgreSQL");
        // 57P01: terminating connection due to administrator command (the server is stopping)
        assertThat(FailureKind.dependency(new SQLException("terminating connection", "57P01"))).isEqualTo("PostgreSQL");
        assertThat(FailureKind.dependency(new SQLNonTransientConnectionException("gone", "08006"))).isEqualTo("PostgreSQL");
        // the reactive client's pool, out of connections it cannot open
        assertThat(FailureKind.dependency(new VertxException("Timeout waiting for connection", true))).isEqualTo("PostgreSQL");
        assertThat(FailureKind.dependency(new io.vertx.core.impl.NoStackTraceThrowable("Pool closed"))).isEqualTo("PostgreSQL");

        assertThat(FailureKind.of(new PSQLException("duplicate key", PSQLState.UNIQUE_VIOLATION))).isEqualTo(FailureKind.FUNCTION);
        assertThat(FailureKind.of(new SQLException("syntax error", "42601"))).isEqualTo(FailureKind.FUNCTION);
    }

    @Test
    void s3UnreachableOrFailingIsInfrastructureButAMissingKeyIsNot() {
        SdkClientException unreachable = SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused"));
        assertThat(FailureKind.dependency(wrapped(unreachable))).isEqualTo("S3");
        assertThat(FailureKind.dependency(S3Exception.builder().statusCode(503).message("SlowDown").build())).isEqualTo("S3");

        assertThat(FailureKind.of(NoSuchKeyException.builder().statusCode(404).message("no such key").build()))
                .isEqualTo(FailureKind.FUNCTION);
    }

    @Test
    void theBrokerTimingOutIsInfrastructureButARecordTooLargeIsNot() {
        assertThat(FailureKind.dependency(wrapped(new org.apache.kafka.common.errors.TimeoutException(
                "Expiration of 1 record(s) for knative-broker-tickcast-default-0")))).isEqualTo("Kafka");
        assertThat(FailureKind.dependency(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moved")))
                .isEqualTo("Kafka");
        assertThat(FailureKind.of(new org.apache.kafka.common.errors.RecordTooLargeException("too large")))
                .isEqualTo(FailureKind.FUNCTION);
        assertThat(FailureKind.dependency(new DependencyUnavailableException("Kafka", "producing failed", null)))
                .isEqualTo("Kafka");
    }

    @Test
    void aBareConnectionErrorIsNamedByTheClientThatThrewIt() {
        ConnectException fromPgClient = new ConnectException("Connection refused: /127.0.0.1:15432");
        fromPgClient.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("io.vertx.pgclient.impl.PgConnectionFactory", "connect", null, 1) });
        assertThat(FailureKind.dependency(fromPgClient)).isEqualTo("PostgreSQL");

        // Netty's connect errors carry no stack: the port of a configured server names them
        FailureKind.endpoint("PostgreSQL", "postgresql://127.0.0.1:15999/tickcast");
        ConnectException refused = new ConnectException("Connection refused: /127.0.0.1:15999");
        refused.setStackTrace(new StackTraceElement[0]);
        assertThat(FailureKind.dependency(refused)).isEqualTo("PostgreSQL");

        ConnectException anonymous = new ConnectException("Connection refused");
        anonymous.setStackTrace(new StackTraceElement[0]);
        assertThat(FailureKind.of(anonymous)).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.dependency(anonymous)).isEqualTo(FailureKind.UNKNOWN_DEPENDENCY);
    }

    @Test
    void anythingElseIsTheFunctionsAndUnwrappingDropsFunqysWrapper() {
        IllegalStateException bug = new IllegalStateException("simulated outage, attempt 1");
        assertThat(FailureKind.of(bug)).isEqualTo(FailureKind.FUNCTION);
        assertThat(FailureKind.dependency(bug)).isNull();
        assertThat(FailureKind.unwrap(new ApplicationException(bug))).isSameAs(bug);
    }

    /** As a failure reaches the binding: inside Mutiny's CompletionException inside Funqy's ApplicationException. */
    private static Throwable wrapped(Throwable failure) {
        return new ApplicationException(new CompletionException(new RuntimeException("while handling", failure)));
    }
}
