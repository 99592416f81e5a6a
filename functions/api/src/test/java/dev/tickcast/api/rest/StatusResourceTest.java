package dev.tickcast.api.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class StatusResourceTest {

    @Test
    void listsTheEventTypesOfTheContracts() {
        given().get("/api/v1/status").then().statusCode(200)
                .body("service", org.hamcrest.Matchers.equalTo("tickcast-api"))
                .body("eventTypes", hasSize(dev.tickcast.contracts.EventCatalog.all().size()))
                .body("eventTypes", hasItems("dev.tickcast.trades.v1", "dev.tickcast.model.promoted.v1"));
    }

    @Test
    void servesItsOpenApiDocumentAndAPage() {
        given().get("/q/openapi?format=json").then().statusCode(200).body(containsString("/api/v1/status"));
        given().get("/").then().statusCode(200).body(containsString("<h1>Tickcast</h1>"));
    }
}
