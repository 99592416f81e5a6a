package dev.tickcast.contracts.json;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import dev.tickcast.contracts.EventCatalog;
import dev.tickcast.contracts.validation.EventValidationException;
import dev.tickcast.contracts.validation.EventValidator;
import dev.tickcast.contracts.validation.Violation;

/**
 * Validates every event payload against its JSON Schema as it is read, whoever reads it: the HTTP binding,
 * the Kafka binding, a REST resource or a test. One place, so no entry point can skip the contract.
 * Writes every {@link BigDecimal} as an exact plain string ({@code "0.00000001"}, never {@code 1E-8}).
 */
public final class ContractsModule extends SimpleModule {

    public ContractsModule() {
        super("tickcast-contracts");
        addSerializer(BigDecimal.class, new PlainDecimalString());
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                return EventCatalog.byPayload(description.getBeanClass())
                        .<JsonDeserializer<?>> map(entry -> new Validating(deserializer, entry.type()))
                        .orElse(deserializer);
            }
        });
    }

    /** Thrown through Jackson (which passes IOExceptions on) and carries the violations as its cause. */
    public static final class ContractViolation extends JsonMappingException {
        private ContractViolation(JsonParser parser, EventValidationException cause) {
            super(parser, cause.getMessage(), cause);
        }

        public List<Violation> violations() {
            return ((EventValidationException) getCause()).violations();
        }
    }

    private static final class PlainDecimalString extends StdSerializer<BigDecimal> {
        PlainDecimalString() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(value.toPlainString());
        }
    }

    private static final class Validating extends DelegatingDeserializer {
        private final String type;

        Validating(JsonDeserializer<?> delegate, String type) {
            super(delegate);
            this.type = type;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Validating(newDelegatee, type);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = context.readTree(parser);
            List<Violation> violations = EventValidator.validate(type, tree);
            if (!violations.isEmpty()) {
                throw new ContractViolation(parser, new EventValidationException(type, violations));
            }
            try (JsonParser treeParser = tree.traverse(parser.getCodec())) {
                treeParser.nextToken();
                return _delegatee.deserialize(treeParser, context);
            }
        }
    }
}
