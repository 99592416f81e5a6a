package dev.tickcast.api.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.json.Json;
import dev.tickcast.registry.ModelRegistry;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class ModelResourceTest {
    private static final String PAIR = "MOD/USD";
    private static final String DEFAULT_VERSION = "20131125T100000000Z";

    @Inject
    ModelRegistry registry;

    @Test
    void theChampionIsServedWithItsKindAndNoChampionIs404SayingSo() {
        given().get("/api/v1/models/MOD-USD/champion").then().statusCode(404)
                .body("error", containsString("no champion of MOD-USD yet"));

        registry.writeVersion(PAIR, DEFAULT_VERSION, "{}".getBytes(StandardCharsets.UTF_8), new byte[0],
                Json.mapper().createObjectNode().put("kind", "persistence"));
        registry.switchChampion(PAIR, Json.mapper().createObjectNode().put("version", DEFAULT_VERSION)
                .put("kind", "persistence").put("switchedAt", "2013-11-25T10:00:05Z")
                .put("reason", "the persistence baseline: no champion yet").putNull("previousVersion"), Optional.empty());

        given().get("/api/v1/models/MOD-USD/champion").then().statusCode(200)
                .body("pair", equalTo(PAIR))
                .body("version", equalTo(DEFAULT_VERSION))
                .body("kind", equalTo("persistence"))
                .body("switchedAt", equalTo("2013-11-25T10:00:05Z"))
                .body("reason", equalTo("the persistence baseline: no champion yet"))
                .body("previousVersion", nullValue());
    }

    @Test
    void anUnservedPairIs400() {
        given().get("/api/v1/models/XRP-USD/champion").then().statusCode(400).body("field", equalTo("pair"));
    }
}
