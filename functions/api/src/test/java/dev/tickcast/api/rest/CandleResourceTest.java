package dev.tickcast.api.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class CandleResourceTest {
    private static final Instant T0 = Instant.parse("2013-11-25T10:00:00Z");

    @Inject
    Pool pool;

    @BeforeEach
    void storeThreeCandles() {
        pool.query("DELETE FROM candles WHERE pair = 'A1/USD'").executeAndAwait();
        for (int i = 0; i < 3; i++) {
            Instant start = T0.plusSeconds(60L * i);
            pool.preparedQuery("""
                    INSERT INTO candles (pair, start_time, end_time, open, high, low, close, volume, vwap, trade_count,
                                         carried_forward, revision, published)
                    VALUES ('A1/USD', $1, $2, $3, $3, $3, $3, $4, $3, $5, $6, 0, true)""")
                    .executeAndAwait(Tuple.of(start.atOffset(ZoneOffset.UTC), start.plusSeconds(60).atOffset(ZoneOffset.UTC),
                            new java.math.BigDecimal("800.123456789012345678").add(java.math.BigDecimal.valueOf(i)),
                            i == 1 ? java.math.BigDecimal.ZERO : new java.math.BigDecimal("1.5"), i == 1 ? 0 : 2, i == 1));
        }
    }

    @Test
    void servesTheCandlesOfARangeOldestFirstWithExactDecimals() {
        given().get("/api/v1/candles/A1-USD?from=2013-11-25T10:01:00Z&to=2013-11-25T10:03:00Z")
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("start", contains("2013-11-25T10:01:00Z", "2013-11-25T10:02:00Z"))
                .body("[0].close", equalTo("801.123456789012345678"))
                .body("[0].carriedForward", equalTo(true))
                .body("[0].volume", equalTo("0"))
                .body("[1].pair", equalTo("A1/USD"));
    }

    @Test
    void badRequestsGet400NamingTheFieldAndTheRule() {
        given().get("/api/v1/candles/btc-usd").then().statusCode(400).body("field", equalTo("pair")).body("rule", equalTo("format"));
        given().get("/api/v1/candles/BTC-USD;DROP%20TABLE%20candles").then().statusCode(400).body("field", equalTo("pair"));
        given().get("/api/v1/candles/A1-USD?from=2013-11-25T10:03:00Z&to=2013-11-25T10:01:00Z")
                .then().statusCode(400).body("field", equalTo("from")).body("rule", equalTo("from<to"));
        given().get("/api/v1/candles/A1-USD?from=yesterday").then().statusCode(400).body("field", equalTo("from"))
                .body("rule", equalTo("format"));
        given().get("/api/v1/candles/A1-USD?from=2013-01-01T00:00:00Z&to=2013-11-25T10:01:00Z")
                .then().statusCode(400).body("field", equalTo("to"));
    }

    @Test
    void withoutToTheRangeEndsAtThePairsNewestCandleNotTheWallClock() {
        // the candles are of 2013 (a replay): the default hour is the one before the newest candle's end, 10:03
        given().get("/api/v1/candles/A1-USD").then().statusCode(200)
                .body("start", contains("2013-11-25T10:00:00Z", "2013-11-25T10:01:00Z", "2013-11-25T10:02:00Z"));
        given().get("/api/v1/candles/A1-USD?from=2013-11-25T10:01:00Z").then().statusCode(200)
                .body("start", contains("2013-11-25T10:01:00Z", "2013-11-25T10:02:00Z"));
        // from after the newest candle: nothing yet, not a 400 about a to the request did not give
        given().get("/api/v1/candles/A1-USD?from=2013-11-25T10:03:00Z").then().statusCode(200).body("$", hasSize(0));
        // a pair without candles: nothing
        given().get("/api/v1/candles/ETH-USD").then().statusCode(200).body("$", hasSize(0));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1} [{2}]")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            from=%2B1000000000-06-01T00:00:00Z&to=2013-11-25T10:01:00Z | from | 0001<=year<=9999
            from=2013-11-25T10:00:00Z&to=%2B1000000000-06-01T00:00:00Z | to   | 0001<=year<=9999
            to=%2B10000-01-01T00:00:00Z                                | to   | 0001<=year<=9999
            from=-0001-12-31T00:00:00Z&to=0001-01-01T01:00:00Z         | from | 0001<=year<=9999
            from=-1000000000-01-01T00:00:00Z                           | from | 0001<=year<=9999
            from=2013-11-25T10:00:00                                   | from | format
            to=2013-13-25T10:00:00Z                                    | to   | format
            """)
    void anInstantOutOfRangeOrUnparsableIs400NamingTheParameterAndTheRule(String query, String field, String rule) {
        given().urlEncodingEnabled(false).get("/api/v1/candles/A1-USD?" + query).then().statusCode(400)
                .body("field", equalTo(field)).body("rule", equalTo(rule))
                .body("error", org.hamcrest.Matchers.startsWith(field + ": must"));
    }

    @Test
    void theEdgesOfTheSupportedRangeAreServed() {
        given().get("/api/v1/candles/A1-USD?from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z").then().statusCode(200)
                .body("$", hasSize(0));
        // the default hour before to reaches back into year 0: still a plain empty answer
        given().get("/api/v1/candles/A1-USD?to=0001-01-01T00:30:00Z").then().statusCode(200).body("$", hasSize(0));
        given().get("/api/v1/candles/A1-USD?from=9999-12-31T00:00:00Z&to=9999-12-31T23:59:59.999999Z").then()
                .statusCode(200).body("$", hasSize(0));
    }
}
