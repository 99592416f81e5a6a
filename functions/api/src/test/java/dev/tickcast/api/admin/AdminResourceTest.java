package dev.tickcast.api.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.model.ModelPromoted;
import dev.tickcast.contracts.model.TrainRequested;
import dev.tickcast.contracts.validation.EventValidator;
import dev.tickcast.registry.ModelRegistry;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
class AdminResourceTest {
    /** %test.tickcast.api.admin-token in application.properties. */
    private static final String TOKEN = "test-admin-token-0123456789";
    private static final String PAIR = "ADM/USD";

    @Inject
    ModelRegistry registry;

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    private void createVersion(String pair, String version, boolean passedGate) {
        ObjectNode metadata = Json.mapper().createObjectNode();
        metadata.putObject("features").put("schemaHash", "b".repeat(64)).putArray("names").add("log_return_1");
        metadata.putObject("metrics").putObject("holdout").putObject("model").put("mae", 1.5).put("skill", 0.1);
        metadata.putObject("gate").put("promote", passedGate).put("reason", passedGate ? "beats persistence" : "does not beat persistence");
        registry.writeVersion(pair, version, "{}".getBytes(StandardCharsets.UTF_8), new byte[0], metadata);
    }

    private static List<ConsumerRecord<String, byte[]>> events(String type, String pair, int atLeast) {
        try (BrokerClient broker = new BrokerClient()) {
            return broker.findAll(Topics.BROKER, BrokerClient.header("ce_type", type).and(BrokerClient.header("ce_subject", pair)),
                    atLeast, Duration.ofSeconds(30));
        }
    }

    @Test
    void withoutTheRightBearerTokenEveryAdminActionIs401() {
        for (String action : new String[] { "promote", "rollback", "train" }) {
            String path = "/api/v1/admin/models/ADM-USD/" + action;
            given().contentType(ContentType.JSON).body("{\"version\":\"v1\"}").post(path).then().statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"));
            given().header("Authorization", "Bearer wrong-" + TOKEN).contentType(ContentType.JSON)
                    .body("{\"version\":\"v1\"}").post(path).then().statusCode(401);
            given().header("Authorization", "Bearer " + TOKEN.substring(1)).contentType(ContentType.JSON)
                    .body("{\"version\":\"v1\"}").post(path).then().statusCode(401);
            given().auth().preemptive().basic("admin", TOKEN).contentType(ContentType.JSON)
                    .body("{\"version\":\"v1\"}").post(path).then().statusCode(401);
            // authentication comes before anything else is looked at
            given().contentType(ContentType.JSON).body("{}").post("/api/v1/admin/models/nonsense/" + action)
                    .then().statusCode(401);
        }
    }

    @Test
    void promoteSwitchesToAnyCompleteVersionRollbackOnlyToOneThatPassedTheGate() throws Exception {
        createVersion(PAIR, "20261121T100000000Z", true);
        createVersion(PAIR, "20261121T110000000Z", false);

        // the gate rejected it, the operator promotes it anyway
        admin().body("{\"version\":\"20261121T110000000Z\"}").post("/api/v1/admin/models/ADM-USD/promote")
                .then().statusCode(200).body("changed", equalTo(true)).body("version", equalTo("20261121T110000000Z"))
                .body("previousVersion", nullValue());
        assertThat(registry.champion(PAIR).orElseThrow().version()).isEqualTo("20261121T110000000Z");
        assertThat(registry.champion(PAIR).orElseThrow().champion().path("reason").asText()).isEqualTo("promoted by admin");
        admin().body("{\"version\":\"20261121T110000000Z\"}").post("/api/v1/admin/models/ADM-USD/promote")
                .then().statusCode(200).body("changed", equalTo(false));

        admin().body("{\"version\":\"20261121T100000000Z\"}").post("/api/v1/admin/models/ADM-USD/rollback")
                .then().statusCode(200).body("changed", equalTo(true)).body("previousVersion", equalTo("20261121T110000000Z"));
        assertThat(registry.champion(PAIR).orElseThrow().version()).isEqualTo("20261121T100000000Z");

        admin().body("{\"version\":\"20261121T110000000Z\"}").post("/api/v1/admin/models/ADM-USD/rollback")
                .then().statusCode(409).body("field", equalTo("version")).body("rule", equalTo("passed the gate"))
                .body("error", containsString("rejected by the gate"));
        admin().body("{\"version\":\"20990101T000000000Z\"}").post("/api/v1/admin/models/ADM-USD/promote")
                .then().statusCode(404).body("rule", equalTo("complete version"))
                .body("error", containsString("20261121T100000000Z"));
        assertThat(registry.champion(PAIR).orElseThrow().version()).isEqualTo("20261121T100000000Z");

        // both switches announced on the broker, in order, valid against their schema
        List<ConsumerRecord<String, byte[]>> records = events(EventTypes.MODEL_PROMOTED, PAIR, 2);
        assertThat(records).allSatisfy(r -> assertThat(EventValidator.validate(EventTypes.MODEL_PROMOTED, r.value())).isEmpty());
        assertThat(records).extracting(r -> Json.mapper().readValue(r.value(), ModelPromoted.class))
                .extracting(ModelPromoted::version, ModelPromoted::previousVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("20261121T110000000Z", null),
                        org.assertj.core.groups.Tuple.tuple("20261121T100000000Z", "20261121T110000000Z"));
        assertThat(BrokerClient.headers(records.get(0))).containsEntry("ce_source", AdminResource.SOURCE)
                .containsEntry("ce_partitionkey", PAIR);
        assertThat(records.get(0).key()).isEqualTo(PAIR);
    }

    @Test
    void badAdminInputIs400NamingTheField() {
        admin().body("{\"version\":\"../../BTC-USD/champion.json\"}").post("/api/v1/admin/models/ADM-USD/promote")
                .then().statusCode(400).body("field", equalTo("version")).body("rule", equalTo("pattern"));
        admin().body("{}").post("/api/v1/admin/models/ADM-USD/rollback")
                .then().statusCode(400).body("field", equalTo("version")).body("rule", equalTo("required"));
        admin().body("{\"version\":\"v1\"}").post("/api/v1/admin/models/XRP-USD/promote")
                .then().statusCode(400).body("field", equalTo("pair")).body("rule", equalTo("allow-list"));
        admin().body("{\"from\":\"2013-12-01T00:00:00Z\",\"to\":\"2013-11-25T00:00:00Z\"}")
                .post("/api/v1/admin/models/ADM-USD/train").then().statusCode(400).body("field", equalTo("from"));
        admin().body("{\"from\":\"last week\"}").post("/api/v1/admin/models/ADM-USD/train")
                .then().statusCode(400).body("field", equalTo("from")).body("rule", equalTo("format"));
    }

    @Test
    void aTrainingRunIsRequestedOnTheBroker() throws Exception {
        String id = admin().body("{\"from\":\"2013-11-25T00:00:00Z\",\"to\":\"2013-12-01T00:00:00Z\"}")
                .post("/api/v1/admin/models/SIG-USD/train").then().statusCode(202)
                .body("pair", equalTo("SIG/USD")).extract().path("eventId");

        ConsumerRecord<String, byte[]> record = events(EventTypes.TRAIN_REQUESTED, "SIG/USD", 1).get(0);
        assertThat(BrokerClient.headers(record)).containsEntry("ce_id", id);
        assertThat(EventValidator.validate(EventTypes.TRAIN_REQUESTED, record.value())).isEmpty();
        TrainRequested request = Json.mapper().readValue(record.value(), TrainRequested.class);
        assertThat(request.pair()).isEqualTo("SIG/USD");
        assertThat(request.from()).isEqualTo("2013-11-25T00:00:00Z");
        assertThat(request.to()).isEqualTo("2013-12-01T00:00:00Z");
        assertThat(request.requestedBy()).isEqualTo("admin");
    }
}
