package dev.tickcast.api.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code GET /api/v1/status} reads each function's {@code /q/health}: UP, DOWN and unreachable ones. */
@QuarkusTest
@WithTestResource(value = FakeFunctionsResource.class, scope = TestResourceScope.GLOBAL)
class FunctionStatusTest {

    @Test
    void eachFunctionsHealthWithItsChecksAndRestarts() {
        JsonPath status = given().get("/api/v1/status").then().statusCode(200).extract().jsonPath();

        assertThat(status.getList("functions.name")).containsExactly("aggregate", "featurize", "predict");
        Map<String, Object> aggregate = status.getMap("functions[0]");
        assertThat(aggregate).containsEntry("status", "UP").containsEntry("restarts", 2);
        assertThat(status.getList("functions[0].checks.name")).containsExactly("kafka-binding",
                "Reactive PostgreSQL connections health check");
        assertThat(status.getMap("functions[0].checks[0].data")).containsEntry("partitions", 4).containsEntry("lag", 12);

        assertThat(status.getString("functions[1].status")).isEqualTo("DOWN");
        assertThat(status.getInt("functions[1].restarts")).isZero();
        assertThat(status.getString("functions[1].url")).doesNotEndWith("/");
        assertThat(status.getList("functions[1].checks.status")).containsExactly("DOWN", "UP");
        assertThat(status.getString("functions[1].checks[0].data.error")).isEqualTo("consumer stopped");

        assertThat(status.getString("functions[2].status")).isEqualTo("UNREACHABLE");
        assertThat(status.getString("functions[2].error")).contains("ConnectException");
        assertThat(status.getList("functions[2].checks")).isEmpty();
        assertThat(status.getObject("functions[2].restarts", Integer.class)).as("not counted by the supervisor").isNull();
    }

    @Test
    void theOpenApiDocumentDescribesTheFunctionsHealth() {
        JsonPath doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getString("paths.'/api/v1/status'.get.summary")).contains("each function's health");
        assertThat(doc.getMap("components.schemas.FunctionHealth.properties")).containsKeys("name", "url", "status",
                "restarts", "checks", "error");
        assertThat(doc.getList("components.schemas.FunctionHealth.properties.status.enum"))
                .containsExactly("UP", "DOWN", "UNREACHABLE");
    }

    @Test
    void aMalformedFunctionListIsRefusedNamingThePropertyAndTheRule() {
        assertThat(FunctionHealthProbe.parse(" aggregate=http://a:8081 , featurize=https://f.tickcast.svc.cluster.local/"))
                .containsExactly(Map.entry("aggregate", java.net.URI.create("http://a:8081")),
                        Map.entry("featurize", java.net.URI.create("https://f.tickcast.svc.cluster.local")));
        for (String bad : List.of("aggregate", "aggregate=localhost:8081", "Aggregate=http://a", "a=ftp://x")) {
            assertThatThrownBy(() -> FunctionHealthProbe.parse(bad)).hasMessageStartingWith("tickcast.api.functions [name=url]")
                    .hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> FunctionHealthProbe.parse("a=http://x,a=http://y"))
                .hasMessage("tickcast.api.functions [unique]: a is named twice");
    }
}
