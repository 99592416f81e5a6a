package dev.tickcast.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tickcast.contracts.json.ContractsModule;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.TradesBatch;
import dev.tickcast.contracts.validation.EventValidator;
import dev.tickcast.contracts.validation.Violation;

class ContractsRoundTripTest {
    private final ObjectMapper mapper = Json.mapper();

    static Stream<Arguments> everyType() {
        return EventFixtures.oneOfEach().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void everyCatalogTypeHasAFixtureAndASchema() {
        assertThat(EventFixtures.oneOfEach().keySet()).containsExactlyInAnyOrderElementsOf(EventCatalog.all().keySet());
        for (EventCatalog.Entry entry : EventCatalog.all().values()) {
            JsonNode schema = EventValidator.schemaDocument(entry.type());
            assertThat(schema.get("$id").asText()).endsWith("/" + entry.type() + ".json");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyType")
    void roundTripsThroughJsonUnchangedAndValid(String type, Object payload) throws Exception {
        byte[] json = mapper.writeValueAsBytes(payload);

        assertThat(EventValidator.validate(type, json)).isEmpty();
        Object back = mapper.readValue(json, payload.getClass());
        assertThat(back).isEqualTo(payload);
        assertThat(mapper.writeValueAsBytes(back)).isEqualTo(json);
    }

    @Test
    void decimalsTravelAsExactPlainStrings() throws Exception {
        Candle candle = EventFixtures.createCandle();
        JsonNode json = mapper.valueToTree(candle);

        assertThat(json.get("high").isTextual()).isTrue();
        assertThat(json.get("high").asText()).isEqualTo("805.123456789012345678");
        assertThat(json.get("volume").asText()).isEqualTo("1.51000001");
        Candle huge = new Candle(candle.pair(), candle.start(), candle.end(), new BigDecimal("1E+5"),
                new BigDecimal("1E+5"), new BigDecimal("1E+5"), new BigDecimal("1E+5"), BigDecimal.ZERO,
                new BigDecimal("1E+5"), 1, false, 0);
        assertThat(mapper.valueToTree(huge).get("open").asText()).isEqualTo("100000");
    }

    @Test
    void aViolationNamesTheFieldAndTheRule() throws Exception {
        ObjectNode batch = mapper.valueToTree(EventFixtures.createTradesBatch());
        ((ObjectNode) batch.get("trades").get(1)).put("price", "12,5");
        ((ObjectNode) batch.get("trades").get(2)).remove("quantity");
        batch.put("pair", "btcusd");

        List<Violation> violations = EventValidator.validate(EventTypes.TRADES, batch);

        assertThat(violations).extracting(Violation::field, Violation::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pair", "pattern"),
                org.assertj.core.groups.Tuple.tuple("trades[1].price", "pattern"),
                org.assertj.core.groups.Tuple.tuple("trades[2].quantity", "required"));
        assertThat(violations.get(1).message()).contains("exact positive decimal").contains("\"12,5\"");
    }

    @Test
    void numbersWhereDecimalStringsBelongAreRejected() throws Exception {
        ObjectNode candle = mapper.valueToTree(EventFixtures.createCandle());
        candle.put("close", 804.99);

        assertThat(EventValidator.validate(EventTypes.CANDLE, candle))
                .extracting(Violation::field, Violation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("close", "type"));
    }

    @Test
    void crossFieldRulesAreCheckedAfterTheSchema() throws Exception {
        ObjectNode candle = mapper.valueToTree(EventFixtures.createCandle());
        candle.put("low", "900");
        ObjectNode unordered = mapper.valueToTree(EventFixtures.createTradesBatch());
        ((ObjectNode) unordered.get("trades").get(2)).put("time", "2013-11-25T10:14:00Z");

        assertThat(EventValidator.validate(EventTypes.CANDLE, candle)).extracting(Violation::field)
                .containsExactly("low", "open", "close");
        assertThat(EventValidator.validate(EventTypes.TRADES, unordered)).extracting(Violation::field, Violation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("trades[2].time", "event-time order"));
    }

    @Test
    void readingAnInvalidPayloadFailsWithTheViolations() throws Exception {
        ObjectNode batch = mapper.valueToTree(EventFixtures.createTradesBatch());
        batch.putArray("trades");

        assertThatThrownBy(() -> mapper.treeToValue(batch, TradesBatch.class))
                .isInstanceOf(ContractsModule.ContractViolation.class)
                .hasMessageContaining("trades [minItems]");
    }

    @Test
    void malformedJsonIsAViolationOfTheWholePayload() {
        assertThat(EventValidator.validate(EventTypes.NEWS, "{\"id\": ".getBytes()))
                .extracting(Violation::field, Violation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("$", "json"));
    }
}
