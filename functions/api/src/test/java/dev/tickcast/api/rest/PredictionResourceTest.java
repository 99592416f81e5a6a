package dev.tickcast.api.rest;

import static dev.tickcast.api.StoreFixtures.DEFAULT_T0;
import static dev.tickcast.api.StoreFixtures.DEFAULT_VERSION;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tickcast.api.StoreFixtures;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.registry.ModelRegistry;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class PredictionResourceTest {
    private static final String PAIR = "PRED/USD";
    private static final int DEFAULT_PREDICTIONS = 12;

    @Inject
    Pool pool;

    @Inject
    ModelRegistry registry;

    @BeforeEach
    void storePredictionsAndSignals() {
        StoreFixtures.deletePair(pool, PAIR);
        for (int i = 0; i < DEFAULT_PREDICTIONS; i++) {
            Instant t = DEFAULT_T0.plusSeconds(60L * i);
            BigDecimal base = new BigDecimal("800.5").add(BigDecimal.valueOf(i));
            StoreFixtures.createPrediction(pool, PAIR, t, base, base.add(new BigDecimal("0.123456789012345678")),
                    i < 6 ? "v1" : DEFAULT_VERSION);
            StoreFixtures.createSignal(pool, PAIR, t, i % 2 == 0 ? "buy" : "hold", base);
        }
    }

    @Test
    void theLatestPredictionIsTheOneOfTheNewestFeatureRow() {
        given().get("/api/v1/predictions/PRED-USD/latest").then().statusCode(200)
                .body("pair", equalTo(PAIR))
                .body("featuresTime", equalTo("2013-11-25T10:11:00Z"))
                .body("targetTime", equalTo("2013-11-25T10:16:00Z"))
                .body("horizonMinutes", equalTo(5))
                .body("basePrice", equalTo("811.5"))
                .body("predictedPrice", equalTo("811.623456789012345678"))
                .body("modelVersion", equalTo(DEFAULT_VERSION));
    }

    /** Every prediction names its model: the version stored with it and the kind the registry records for it. */
    @Test
    void theLatestPredictionNamesItsModelsVersionAndKind() {
        String version = "kind-" + System.nanoTime();
        registry.writeVersion(PAIR, version, "{}".getBytes(StandardCharsets.UTF_8), new byte[0],
                Json.mapper().createObjectNode().put("kind", "linear"));
        BigDecimal base = new BigDecimal("812.5");
        StoreFixtures.createPrediction(pool, PAIR, DEFAULT_T0.plusSeconds(60L * DEFAULT_PREDICTIONS), base, base, version);

        given().get("/api/v1/predictions/PRED-USD/latest").then().statusCode(200)
                .body("modelVersion", equalTo(version))
                .body("modelKind", equalTo("linear"));
    }

    @Test
    void aModelTheRegistryDoesNotKnowIsServedWithoutAKind() {
        given().get("/api/v1/predictions/PRED-USD/latest").then().statusCode(200)
                .body("modelVersion", equalTo(DEFAULT_VERSION))
                .body("modelKind", nullValue());
    }

    @Test
    void noPredictionYetIs404SayingSo() {
        given().get("/api/v1/predictions/ETH-USD/latest").then().statusCode(404)
                .body("error", containsString("no prediction of ETH-USD is stored yet"));
    }

    @Test
    void aRangeIsServedOldestFirstUpToTheLimit() {
        given().get("/api/v1/predictions/PRED-USD?from=2013-11-25T10:02:00Z&to=2013-11-25T10:07:00Z")
                .then().statusCode(200)
                .body("$", hasSize(5))
                .body("featuresTime", contains("2013-11-25T10:02:00Z", "2013-11-25T10:03:00Z", "2013-11-25T10:04:00Z",
                        "2013-11-25T10:05:00Z", "2013-11-25T10:06:00Z"))
                .body("modelVersion", contains("v1", "v1", "v1", "v1", DEFAULT_VERSION));
        given().get("/api/v1/predictions/PRED-USD?from=2013-11-25T10:00:00Z&to=2013-11-25T11:00:00Z&limit=3")
                .then().statusCode(200).body("$", hasSize(3)).body("[2].featuresTime", equalTo("2013-11-25T10:02:00Z"));
        given().get("/api/v1/signals/PRED-USD?from=2013-11-25T10:00:00Z&to=2013-11-25T11:00:00Z&limit=2")
                .then().statusCode(200).body("action", contains("buy", "hold")).body("[0].price", equalTo("800.5"));
    }

    @Test
    void withoutToTheRangeEndsAtThePairsNewestPredictionNotTheWallClock() {
        // predictions of 2013 (a replay), the newest at 10:11: the default hour ends just after it
        given().get("/api/v1/predictions/PRED-USD").then().statusCode(200)
                .body("$", hasSize(DEFAULT_PREDICTIONS))
                .body("[0].featuresTime", equalTo("2013-11-25T10:00:00Z"))
                .body("[11].featuresTime", equalTo("2013-11-25T10:11:00Z"));
        given().get("/api/v1/predictions/PRED-USD?from=2013-11-25T10:10:00Z").then().statusCode(200)
                .body("featuresTime", contains("2013-11-25T10:10:00Z", "2013-11-25T10:11:00Z"));
        given().get("/api/v1/signals/PRED-USD?limit=3").then().statusCode(200)
                .body("time", contains("2013-11-25T10:00:00Z", "2013-11-25T10:01:00Z", "2013-11-25T10:02:00Z"));
        given().get("/api/v1/predictions/ETH-USD").then().statusCode(200).body("$", hasSize(0));
    }

    @ParameterizedTest(name = "{0} -> {1} [{2}]")
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/predictions/btc-usd/latest                                                   | pair  | format
            /api/v1/predictions/BTCUSD/latest                                                    | pair  | format
            /api/v1/predictions/XRP-USD/latest                                                   | pair  | allow-list
            /api/v1/predictions/XRP-USD?from=2013-11-25T10:00:00Z&to=2013-11-25T11:00:00Z         | pair  | allow-list
            /api/v1/predictions/PRED-USD?from=2013-11-25T11:00:00Z&to=2013-11-25T10:00:00Z        | from  | from<to
            /api/v1/predictions/PRED-USD?from=2013-11-25T10:00:00Z&to=2013-11-25T10:00:00Z        | from  | from<to
            /api/v1/predictions/PRED-USD?from=2013-11-01T00:00:00Z&to=2013-11-25T10:00:00Z        | to    | range<=PT168H
            /api/v1/predictions/PRED-USD?from=25.11.2013&to=2013-11-25T10:00:00Z                  | from  | format
            /api/v1/predictions/PRED-USD?to=tomorrow                                             | to    | format
            /api/v1/predictions/PRED-USD?limit=5001                                              | limit | 1<=limit<=5000
            /api/v1/predictions/PRED-USD?limit=0                                                 | limit | 1<=limit<=5000
            /api/v1/predictions/PRED-USD?limit=99999999999999                                    | limit | integer
            /api/v1/predictions/PRED-USD?limit=ten                                               | limit | integer
            /api/v1/predictions/PRED-USD?limit=-1                                                | limit | integer
            /api/v1/predictions/PRED-USD?limit=1.5                                               | limit | integer
            /api/v1/predictions/BTC-USD'%20OR%201=1--/latest                                      | pair  | format
            /api/v1/predictions/BTC-USD%27%20OR%20%271%27=%271                                   | pair  | format
            /api/v1/predictions/BTC-USD;DROP%20TABLE%20predictions                               | path  | no-semicolon
            /api/v1/predictions/BTC-USD%3BDROP%20TABLE%20predictions--/latest                    | pair  | format
            /api/v1/predictions/PRED-USD?limit=1;DROP%20TABLE%20predictions                      | query | no-semicolon
            /api/v1/predictions/PRED-USD?limit=1%3BDROP%20TABLE%20predictions                    | limit | integer
            /api/v1/predictions/PRED-USD?limit=1%20OR%201=1                                      | limit | integer
            /api/v1/predictions/PRED-USD?from=2013-11-25T10:00:00Z'%20OR%20'1'='1                 | from  | format
            /api/v1/predictions/PRED-USD?to=2013-11-25T10:00:00Z%27);DELETE%20FROM%20predictions;-- | query | no-semicolon
            /api/v1/predictions/PRED-USD?from=%2B1000000000-06-01T00:00:00Z&to=2013-11-25T10:00:00Z | from  | 0001<=year<=9999
            /api/v1/predictions/PRED-USD?to=%2B1000000000-06-01T00:00:00Z                          | to    | 0001<=year<=9999
            /api/v1/signals/PRED-USD?from=%2B1000000000-06-01T00:00:00Z                            | from  | 0001<=year<=9999
            /api/v1/signals/PRED-USD?to=2013-11-25T10:00:00Z&from=noon                             | from  | format
            /api/v1/evaluations/EVAL-USD/summary?to=%2B1000000000-06-01T00:00:00Z                  | to    | 0001<=year<=9999
            /api/v1/evaluations/EVAL-USD/summary?to=-5000-01-01T00:00:00Z                          | to    | 0001<=year<=9999
            /api/v1/evaluations/EVAL-USD/summary?to=later                                          | to    | format
            /api/v1/signals/PRED-USD?limit=100000                                                | limit | 1<=limit<=5000
            /api/v1/signals/ETH-USD'--                                                           | pair  | format
            /api/v1/candles/XRP-USD                                                              | pair  | allow-list
            """)
    void everyBadParameterIs400NamingTheFieldAndTheRuleAndTheTablesStayIntact(String path, String field, String rule) {
        given().urlEncodingEnabled(false).get(path).then().statusCode(400)
                .body("field", equalTo(field)).body("rule", equalTo(rule)).body("error", containsString(field + ": "));
        given().get(path.replace("%20", " ").replace("%27", "'")).then().statusCode(400).body("field", org.hamcrest.Matchers.notNullValue());

        assertThat(StoreFixtures.count(pool, "predictions", PAIR)).isEqualTo(DEFAULT_PREDICTIONS);
        assertThat(StoreFixtures.count(pool, "signals", PAIR)).isEqualTo(DEFAULT_PREDICTIONS);
        assertThat(pool.query("SELECT to_regclass('public.candles') IS NOT NULL AND to_regclass('public.evaluations') IS NOT NULL")
                .executeAndAwait().iterator().next().getBoolean(0)).isTrue();
    }
}
