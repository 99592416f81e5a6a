package dev.tickcast.contracts.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.tickcast.contracts.EventCatalog;

/**
 * Checks a payload against its type's JSON Schema (shipped in this jar under {@code /schemas/<type>.json})
 * and then against the cross-field rules a schema cannot say ({@link CrossFieldRules}). Every violation names
 * the field and the rule.
 */
public final class EventValidator {
    private static final ObjectMapper TREE_MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(com.networknt.schema.PathType.JSON_PATH)
            .build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventValidator() {
    }

    /** The violations of {@code payload} as a {@code type} event; empty when it is valid. */
    public static List<Violation> validate(String type, JsonNode payload) {
        JsonSchema schema = schema(type);
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage message : schema.validate(payload)) {
            violations.add(toViolation(schema.getSchemaNode(), message));
        }
        violations.sort(Comparator.comparing(Violation::field).thenComparing(Violation::rule));
        if (violations.isEmpty()) {
            violations.addAll(CrossFieldRules.check(type, payload));
        }
        return violations;
    }

    /** Validates raw JSON bytes; malformed JSON is itself a violation of the payload. */
    public static List<Violation> validate(String type, byte[] json) {
        JsonNode tree;
        try {
            tree = TREE_MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of(new Violation("$", "json", "not well-formed JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || tree.isMissingNode()) {
            return List.of(new Violation("$", "required", "the event has no data"));
        }
        return validate(type, tree);
    }

    /** Throws {@link EventValidationException} when the payload breaks any rule. */
    public static void requireValid(String type, JsonNode payload) {
        List<Violation> violations = validate(type, payload);
        if (!violations.isEmpty()) {
            throw new EventValidationException(type, violations);
        }
    }

    /** The JSON Schema document of a type, as shipped. */
    public static JsonNode schemaDocument(String type) {
        return schema(type).getSchemaNode();
    }

    private static JsonSchema schema(String type) {
        return SCHEMAS.computeIfAbsent(type, t -> {
            EventCatalog.Entry entry = EventCatalog.byType(t)
                    .orElseThrow(() -> new IllegalArgumentException("type: unknown event type '" + t + "'"));
            try (InputStream in = EventValidator.class.getResourceAsStream(entry.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("no JSON Schema shipped for " + t + " at " + entry.schemaResource());
                }
                return FACTORY.getSchema(in, CONFIG);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Violation toViolation(JsonNode schemaDocument, ValidationMessage message) {
        String location = fieldPath(message.getInstanceLocation().toString());
        String field = location;
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            field = "$".equals(location) ? message.getProperty() : location + "." + message.getProperty();
        }
        String text = message.getError() != null ? message.getError() : message.getMessage();
        String prefix = message.getInstanceLocation() + ": ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        JsonNode description = describingSchema(schemaDocument, message).get("description");
        if (description != null && description.isTextual()) {
            text = text + " (" + description.asText() + ")";
        }
        JsonNode instance = message.getInstanceNode();
        if (instance != null && instance.isValueNode() && !"required".equals(message.getType())) {
            text = text + ", got " + abbreviate(instance.toString());
        }
        return new Violation(field, message.getType(), text);
    }

    /** The schema of the field that broke a rule (the parent of the keyword), for its description. */
    private static JsonNode describingSchema(JsonNode schemaDocument, ValidationMessage message) {
        String pointer = message.getSchemaLocation().getFragment().toString();
        int keyword = pointer.lastIndexOf('/');
        return keyword <= 0 ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : schemaDocument.at(pointer.substring(0, keyword));
    }

    private static String fieldPath(String jsonPath) {
        if (jsonPath.equals("$")) {
            return "$";
        }
        return jsonPath.startsWith("$.") ? jsonPath.substring(2) : jsonPath.substring(1);
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
