package dev.tickcast.api.rest;

import static dev.tickcast.api.StoreFixtures.DEFAULT_T0;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tickcast.api.StoreFixtures;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class EvaluationResourceTest {
    private static final String PAIR = "EVAL/USD";

    @Inject
    Pool pool;

    /** Non-integer numbers as doubles (RestAssured's default reads 0.5 as a float). */
    @BeforeEach
    void readNumbersAsDoubles() {
        io.restassured.RestAssured.config = io.restassured.config.RestAssuredConfig.config().jsonConfig(
                io.restassured.config.JsonConfig.jsonConfig().numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @org.junit.jupiter.api.AfterEach
    void restoreDefaults() {
        io.restassured.RestAssured.config = io.restassured.config.RestAssuredConfig.config();
    }

    /**
     * Base 100 each time. v1: predicted 101, actual 102 (error 1, persistence 2, hit) and predicted 99, actual 101
     * (error 2, persistence 1, miss). v2: predicted 103, actual 103 (error 0, persistence 3, hit).
     * Targets at 10:05, 10:06, 10:07.
     */
    @BeforeEach
    void storeThreeEvaluations() {
        StoreFixtures.deletePair(pool, PAIR);
        StoreFixtures.createEvaluation(pool, PAIR, DEFAULT_T0, "v1", d("100"), d("101"), d("102"));
        StoreFixtures.createEvaluation(pool, PAIR, DEFAULT_T0.plusSeconds(60), "v1", d("100"), d("99"), d("101"));
        StoreFixtures.createEvaluation(pool, PAIR, DEFAULT_T0.plusSeconds(120), "v2", d("100"), d("103"), d("103"));
    }

    @Test
    void summarisesTheWindowOverallAndPerModelVersion() {
        io.restassured.path.json.JsonPath json = given().get("/api/v1/evaluations/EVAL-USD/summary?window=1h&to=2013-11-25T10:30:00Z")
                .then().statusCode(200)
                .body("pair", equalTo(PAIR))
                .body("window", equalTo("1h"))
                .body("from", equalTo("2013-11-25T09:30:00Z"))
                .body("overall.modelVersion", nullValue())
                .body("overall.count", equalTo(3))
                .body("overall.skill", closeTo(0.5, 1e-12))
                .body("overall.directionAccuracy", closeTo(2 / 3.0, 1e-12))
                .body("overall.mape", closeTo((1 / 102.0 + 2 / 101.0) * 100 / 3, 1e-9))
                .body("versions.modelVersion", contains("v1", "v2"))
                .body("versions.count", contains(2, 1))
                .body("versions[0].skill", closeTo(0.0, 1e-12))
                .body("versions[0].directionAccuracy", closeTo(0.5, 1e-12))
                .body("versions[1].skill", closeTo(1.0, 1e-12))
                .extract().jsonPath();
        // exact decimals, as strings
        org.assertj.core.api.Assertions.assertThat(new BigDecimal(json.getString("overall.mae"))).isEqualByComparingTo("1");
        org.assertj.core.api.Assertions.assertThat(new BigDecimal(json.getString("overall.persistenceMae"))).isEqualByComparingTo("2");
        org.assertj.core.api.Assertions.assertThat(new BigDecimal(json.getString("versions[0].mae"))).isEqualByComparingTo("1.5");
    }

    @Test
    void theWindowEndsAtToAndExcludesTargetsOutsideIt() {
        // [10:01, 10:06): only the target at 10:05
        given().get("/api/v1/evaluations/EVAL-USD/summary?window=5m&to=2013-11-25T10:06:00Z").then().statusCode(200)
                .body("overall.count", equalTo(1)).body("versions.modelVersion", contains("v1"));
    }

    @Test
    void withoutToTheWindowEndsAtThePairsNewestTargetNotTheWallClock() {
        // evaluations of 2013 (a replay): the newest target is 10:07, so the default 24 h end just after it
        given().get("/api/v1/evaluations/EVAL-USD/summary").then().statusCode(200)
                .body("window", equalTo("24h"))
                .body("to", equalTo("2013-11-25T10:08:00Z"))
                .body("from", equalTo("2013-11-24T10:08:00Z"))
                .body("overall.count", equalTo(3))
                .body("versions.modelVersion", contains("v1", "v2"));
        given().get("/api/v1/evaluations/EVAL-USD/summary?window=2m").then().statusCode(200)
                .body("overall.count", equalTo(2)).body("versions.modelVersion", contains("v1", "v2"));
    }

    @Test
    void anEmptyWindowHasCountZeroAndNullFigures() {
        given().get("/api/v1/evaluations/EVAL-USD/summary?window=24h&to=2013-11-24T00:00:00Z").then().statusCode(200)
                .body("overall.count", equalTo(0))
                .body("overall.mae", nullValue())
                .body("overall.mape", nullValue())
                .body("overall.persistenceMae", nullValue())
                .body("overall.skill", nullValue())
                .body("overall.directionAccuracy", nullValue())
                .body("versions", empty());
    }

    @ParameterizedTest(name = "window={0} -> [{1}]")
    @CsvSource({ "1w, format", "24, format", "h, format", "0h, format", "1.5h, format", "-1h, format",
            "'1h;DROP TABLE evaluations', format", "31d, 1m<=window<=30d", "99999d, 1m<=window<=30d" })
    void aBadWindowIs400(String window, String rule) {
        given().queryParam("window", window).get("/api/v1/evaluations/EVAL-USD/summary").then().statusCode(400)
                .body("field", equalTo("window")).body("rule", equalTo(rule));
        org.assertj.core.api.Assertions.assertThat(StoreFixtures.count(pool, "evaluations", PAIR)).isEqualTo(3);
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }
}
