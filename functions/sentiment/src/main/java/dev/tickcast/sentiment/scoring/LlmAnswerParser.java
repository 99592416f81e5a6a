package dev.tickcast.sentiment.scoring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tickcast.contracts.news.CoinSentiment;

/**
 * Reads a model's answer into per-coin scores, or says exactly what is wrong with it: not JSON, no {@code scores}
 * array, a coin that was not asked for (or asked for and missing), a score outside [-1, 1], a confidence outside
 * [0, 1]. A reasoning longer than the contract's 500 characters is shortened, not rejected.
 */
public final class LlmAnswerParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LlmAnswerParser() {
    }

    /** The scores for {@code coins}, in that order. */
    public static List<CoinSentiment> parse(String answer, Collection<String> coins) {
        JsonNode root = json(answer);
        JsonNode scores = root.isArray() ? root : root.get("scores");
        if (scores == null || !scores.isArray()) {
            throw new InvalidLlmAnswerException("scores", "required array",
                    "the answer has no \"scores\" array: " + abbreviate(answer));
        }
        Map<String, CoinSentiment> byCoin = new LinkedHashMap<>();
        for (int i = 0; i < scores.size(); i++) {
            JsonNode entry = scores.get(i);
            String at = "scores[" + i + "]";
            if (!entry.isObject()) {
                throw new InvalidLlmAnswerException(at, "object", "expected an object, got " + entry);
            }
            JsonNode coinNode = entry.get("coin");
            String coin = coinNode == null || !coinNode.isTextual() ? null : coinNode.asText().trim().toUpperCase();
            if (coin == null || !coins.contains(coin)) {
                throw new InvalidLlmAnswerException(at + ".coin", "one of " + coins,
                        "unknown coin " + (coinNode == null ? "(missing)" : coinNode) + ": only " + coins + " were asked for");
            }
            if (byCoin.containsKey(coin)) {
                throw new InvalidLlmAnswerException(at + ".coin", "once per coin", coin + " is rated twice");
            }
            double score = number(entry, at, "score", -1, 1);
            double confidence = number(entry, at, "confidence", 0, 1);
            JsonNode reasoningNode = entry.get("reasoning");
            String reasoning = reasoningNode == null || reasoningNode.isNull() ? null : reasoningNode.asText();
            if (reasoning != null && reasoning.length() > 500) {
                reasoning = reasoning.substring(0, 497) + "...";
            }
            byCoin.put(coin, new CoinSentiment(coin, score, confidence, reasoning));
        }
        List<CoinSentiment> ordered = new ArrayList<>(coins.size());
        for (String coin : coins) {
            CoinSentiment sentiment = byCoin.get(coin);
            if (sentiment == null) {
                throw new InvalidLlmAnswerException("scores", "one entry per coin asked for", coin + " is missing");
            }
            ordered.add(sentiment);
        }
        return ordered;
    }

    private static JsonNode json(String answer) {
        if (answer == null || answer.isBlank()) {
            throw new InvalidLlmAnswerException("$", "JSON object", "the answer is empty");
        }
        String text = answer.strip();
        // some models wrap JSON in a Markdown fence even when told not to
        if (text.startsWith("```")) {
            text = text.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidLlmAnswerException("$", "JSON object",
                    "malformed JSON (" + e.getOriginalMessage() + "): " + abbreviate(answer));
        }
    }

    private static double number(JsonNode entry, String at, String field, double min, double max) {
        JsonNode node = entry.get(field);
        String rule = "number in [" + (int) min + ", " + (int) max + "]";
        if (node == null || !node.isNumber()) {
            throw new InvalidLlmAnswerException(at + "." + field, rule, "expected a number, got " + node);
        }
        double value = node.asDouble();
        if (!(value >= min && value <= max)) {
            throw new InvalidLlmAnswerException(at + "." + field, rule, field + " " + value + " is out of range");
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
