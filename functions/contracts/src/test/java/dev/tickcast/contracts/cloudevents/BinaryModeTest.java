package dev.tickcast.contracts.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.EventTypes;

class BinaryModeTest {
    private static final CloudEventEnvelope EVENT = CloudEventEnvelope.json("id-1", "/tickcast/ingest",
            EventTypes.TRADES, "BTC/USD", OffsetDateTime.parse("2013-11-25T10:15:00Z"),
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "{}".getBytes(StandardCharsets.UTF_8));

    @Test
    void kafkaHeadersAreThoseOfTheKafkaProtocolBinding() {
        Map<String, String> headers = BinaryMode.KAFKA.headers(EVENT);

        assertThat(headers).containsEntry("ce_specversion", "1.0").containsEntry("ce_id", "id-1")
                .containsEntry("ce_type", EventTypes.TRADES).containsEntry("ce_subject", "BTC/USD")
                .containsEntry("ce_partitionkey", "BTC/USD").containsEntry("content-type", "application/json")
                .containsEntry("ce_traceparent", EVENT.traceparent()).containsEntry("ce_time", "2013-11-25T10:15:00Z");
    }

    @Test
    void readsBackWhatItWritesOnBothTransports() {
        for (BinaryMode mode : BinaryMode.values()) {
            CloudEventEnvelope back = mode.read(mode.headers(EVENT), EVENT.data());
            assertThat(back).usingRecursiveComparison().isEqualTo(EVENT);
        }
    }

    @Test
    void httpHeaderNamesAreCaseInsensitive() {
        Map<String, String> headers = new HashMap<>();
        BinaryMode.HTTP.headers(EVENT).forEach((k, v) -> headers.put(k.toUpperCase(), v));

        assertThat(BinaryMode.HTTP.read(headers, EVENT.data()).partitionKey()).isEqualTo("BTC/USD");
    }

    @Test
    void aMissingRequiredAttributeIsNamed() {
        Map<String, String> headers = new HashMap<>(BinaryMode.KAFKA.headers(EVENT));
        headers.remove("ce_source");

        assertThatThrownBy(() -> BinaryMode.KAFKA.read(headers, null))
                .isInstanceOf(MalformedEventException.class).hasMessage("ce_source: required CloudEvents attribute is missing");
    }

    @Test
    void derivedIdsAreStableAndDistinct() {
        assertThat(EventIds.reply("aggregate", "e-1")).isEqualTo(EventIds.reply("aggregate", "e-1"))
                .isNotEqualTo(EventIds.reply("aggregate", "e-2")).isNotEqualTo(EventIds.reply("featurize", "e-1"));
        assertThat(EventIds.derive("a|b", "c")).isNotEqualTo(EventIds.derive("a", "b|c"));
    }
}
