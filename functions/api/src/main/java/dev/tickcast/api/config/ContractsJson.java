package dev.tickcast.api.config;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tickcast.contracts.json.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;

/** The api writes payloads as the events do: exact decimal strings, RFC 3339 instants. */
@Singleton
public class ContractsJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
