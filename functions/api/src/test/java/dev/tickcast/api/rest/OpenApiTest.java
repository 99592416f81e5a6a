package dev.tickcast.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class OpenApiTest {

    @Test
    void documentsEveryEndpointWithItsParametersAndErrorResponses() {
        JsonPath doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        assertThat(paths).containsKeys("/api/v1/status", "/api/v1/candles/{pair}", "/api/v1/candles/{pair}/latest",
                "/api/v1/predictions/{pair}", "/api/v1/predictions/{pair}/latest", "/api/v1/signals/{pair}",
                "/api/v1/evaluations/{pair}/summary", "/api/v1/admin/models/{pair}/promote",
                "/api/v1/admin/models/{pair}/rollback", "/api/v1/admin/models/{pair}/train");

        String range = "paths.'/api/v1/predictions/{pair}'.get";
        assertThat(doc.getString(range + ".summary")).contains("oldest first");
        assertThat(doc.getList(range + ".parameters.name")).containsExactlyInAnyOrder("pair", "from", "to", "limit");
        assertThat(doc.getMap(range + ".responses")).containsKeys("200", "400");
        assertThat(doc.getMap("paths.'/api/v1/predictions/{pair}/latest'.get.responses")).containsKeys("200", "400", "404");
        assertThat(doc.getList("paths.'/api/v1/evaluations/{pair}/summary'.get.parameters.name")).contains("window", "to");

        String promote = "paths.'/api/v1/admin/models/{pair}/promote'.post";
        assertThat(doc.getMap(promote + ".responses")).containsKeys("200", "400", "401", "404", "409");
        assertThat(doc.getList(promote + ".security")).isNotEmpty();
        assertThat(doc.getString("components.securitySchemes.adminToken.scheme")).isEqualTo("bearer");
        assertThat(doc.getMap("components.schemas")).containsKeys("Prediction", "Candle", "TradingSignal", "Error");
    }
}
