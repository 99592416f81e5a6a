package dev.tickcast.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.news.CoinSentiment;

class LlmAnswerParserTest {
    private static final List<String> COINS = List.of("BTC", "ETH");

    @Test
    void aGoodAnswerIsReadInTheOrderTheCoinsWereAskedFor() {
        List<CoinSentiment> scores = LlmAnswerParser.parse("""
                {"scores":[{"coin":"eth","score":-0.25,"confidence":0.5,"reasoning":"fees"},
                           {"coin":"BTC","score":0.75,"confidence":1,"reasoning":null}]}""", COINS);
        assertThat(scores).containsExactly(new CoinSentiment("BTC", 0.75, 1, null),
                new CoinSentiment("ETH", -0.25, 0.5, "fees"));
    }

    @Test
    void aFencedAnswerOrABareArrayIsAcceptedAndALongReasoningShortened() {
        String fenced = "```json\n[{\"coin\":\"BTC\",\"score\":0,\"confidence\":0,\"reasoning\":\"" + "x".repeat(600)
                + "\"}]\n```";
        CoinSentiment btc = LlmAnswerParser.parse(fenced, List.of("BTC")).get(0);
        assertThat(btc.reasoning()).hasSize(500).endsWith("...");
    }

    @Test
    void everyViolationNamesTheFieldAndTheRule() {
        assertRejected("{\"scores\": [", "$", "JSON object");
        assertRejected("", "$", "JSON object");
        assertRejected("{\"ratings\": []}", "scores", "required array");
        assertRejected(answer("\"BTC\"", "1.7", "0.5") + "", "scores[0].score", "number in [-1, 1]");
        assertRejected(answer("\"BTC\"", "\"high\"", "0.5"), "scores[0].score", "number in [-1, 1]");
        assertRejected(answer("\"BTC\"", "0.1", "-0.1"), "scores[0].confidence", "number in [0, 1]");
        assertRejected(answer("\"DOGE\"", "0.1", "0.5"), "scores[0].coin", "one of [BTC, ETH]");
        assertRejected(answer("null", "0.1", "0.5"), "scores[0].coin", "one of [BTC, ETH]");
        assertRejected("{\"scores\":[{\"coin\":\"BTC\",\"score\":0.1,\"confidence\":0.5}]}", "scores",
                "one entry per coin asked for");
        assertRejected("{\"scores\":[{\"coin\":\"BTC\",\"score\":0.1,\"confidence\":0.5},"
                + "{\"coin\":\"BTC\",\"score\":0.2,\"confidence\":0.5}]}", "scores[1].coin", "once per coin");
    }

    private static String answer(String coin, String score, String confidence) {
        return "{\"scores\":[{\"coin\":" + coin + ",\"score\":" + score + ",\"confidence\":" + confidence
                + "},{\"coin\":\"ETH\",\"score\":0,\"confidence\":0.5}]}";
    }

    private static void assertRejected(String answer, String field, String rule) {
        assertThatThrownBy(() -> LlmAnswerParser.parse(answer, COINS))
                .isInstanceOfSatisfying(InvalidLlmAnswerException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.rule()).isEqualTo(rule);
                    assertThat(e.getMessage()).startsWith(field + " [" + rule + "]: ");
                });
    }
}
