package dev.tickcast.contracts.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON form of every payload: instants as RFC 3339 strings, decimals as exact plain strings
 * ({@code "30123.40"}, never {@code 3.01234E+4} and never a binary double), unknown properties tolerated
 * (adding an optional field is not a breaking change), and payloads validated against their JSON Schema
 * whenever they are read.
 */
public final class Json {
    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private Json() {
    }

    /** Applies the payload conventions to a mapper (used by Quarkus's {@code ObjectMapperCustomizer} too). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule());
        mapper.registerModule(new ContractsModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper;
    }

    /** A shared, fully configured mapper. Thread-safe; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
