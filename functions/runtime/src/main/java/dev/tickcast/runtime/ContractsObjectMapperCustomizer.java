package dev.tickcast.runtime;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tickcast.contracts.json.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Gives Quarkus's ObjectMapper (which Funqy copies for its readers and writers) the payload conventions of
 * the contracts: exact decimal strings, RFC 3339 instants, schema validation on every read.
 */
@Singleton
public class ContractsObjectMapperCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
