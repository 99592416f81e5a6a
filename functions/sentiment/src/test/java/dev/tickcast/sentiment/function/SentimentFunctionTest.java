package dev.tickcast.sentiment.function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.EventTypes;
import dev.tickcast.contracts.cloudevents.BinaryMode;
import dev.tickcast.contracts.cloudevents.CloudEventEnvelope;
import dev.tickcast.contracts.cloudevents.EventIds;
import dev.tickcast.contracts.cloudevents.Topics;
import dev.tickcast.contracts.json.Json;
import dev.tickcast.contracts.news.CoinSentiment;
import dev.tickcast.contracts.news.NewsItem;
import dev.tickcast.contracts.news.SentimentScores;
import dev.tickcast.runtime.testing.BrokerClient;
import dev.tickcast.runtime.testing.StackTestResource;
import dev.tickcast.sentiment.client.MockLlmResource;
import dev.tickcast.sentiment.scoring.LexiconScorer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The function with no LLM configured (the default): the offline scorer, over HTTP and Kafka. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockLlmResource.class, scope = TestResourceScope.GLOBAL)
class SentimentFunctionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final Instant PUBLISHED = Instant.parse("2026-11-21T09:30:00Z");
    private static final LexiconScorer LEXICON = LexiconScorer.afinnFinancialMarketNews();

    @Inject
    Pool pool;

    @Test
    void overHttpANewsItemIsAnsweredWithTheScoresOfEveryCoinItNamesOrIsTaggedWith() throws Exception {
        NewsItem item = createNewsItem("fn-http-1", "Bitcoin surges to record high as ether lags",
                "Analysts see strong demand.", List.of("SOL", "BTC"));
        CloudEventEnvelope event = newsEvent(item);

        Response reply = post(event);

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.header("ce-type")).isEqualTo(EventTypes.SENTIMENT);
        assertThat(reply.header("ce-source")).isEqualTo("sentiment");
        assertThat(reply.header("ce-id")).isEqualTo(EventIds.reply("sentiment", event.id()));
        assertThat(reply.header("ce-traceparent")).isEqualTo(TRACEPARENT);
        assertThat(OffsetDateTime.parse(reply.header("ce-time")).toInstant()).isEqualTo(PUBLISHED);
        SentimentScores scores = Json.mapper().readValue(reply.body().asByteArray(), SentimentScores.class);
        List<CoinSentiment> expected = LEXICON.score(item.title(), item.summary(), List.of("BTC", "ETH", "SOL"));
        assertThat(scores).isEqualTo(new SentimentScores("fn-http-1", PUBLISHED, "lexicon:afinn-165-financialmarketnews",
                false, expected));
        assertThat(scores.scores().get(0).score()).isPositive();
        assertThat(storedCoins("fn-http-1")).containsExactly("BTC", "ETH", "SOL");
    }

    @Test
    void aRedeliveredItemGetsTheSameReplyAndStoresNothingMore() throws Exception {
        CloudEventEnvelope event = newsEvent(createNewsItem("fn-redeliver", "Solana network suffers outage", null, List.of()));
        Response first = post(event);
        Row before = storedRow("fn-redeliver");

        Response again = post(event);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.header("ce-id")).isEqualTo(first.header("ce-id"));
        assertThat(again.body().asString()).isEqualTo(first.body().asString());
        assertThat(storedCoins("fn-redeliver")).containsExactly("SOL");
        assertThat(storedRow("fn-redeliver").getOffsetDateTime("scored_at")).isEqualTo(before.getOffsetDateTime("scored_at"));
        assertThat(Json.mapper().readValue(again.body().asByteArray(), SentimentScores.class).scores().get(0).score())
                .isNegative();
    }

    @Test
    void anItemNamingNoCoinGetsEmptyScores() throws Exception {
        Response reply = post(newsEvent(createNewsItem("fn-no-coin", "Stocks rally on jobs data", null, List.of())));

        assertThat(reply.statusCode()).isEqualTo(200);
        SentimentScores scores = Json.mapper().readValue(reply.body().asByteArray(), SentimentScores.class);
        assertThat(scores.scores()).isEmpty();
        assertThat(storedCoins("fn-no-coin")).isEmpty();
    }

    @Test
    void overKafkaTheReplyGoesToTheBrokerTopic() throws Exception {
        NewsItem item = createNewsItem("fn-kafka-1", "Ethereum plunges after bridge hack", null, List.of());
        CloudEventEnvelope event = newsEvent(item);
        try (BrokerClient broker = new BrokerClient()) {
            broker.publish(event);
            String replyId = EventIds.reply("sentiment", event.id());

            ConsumerRecord<String, byte[]> record = broker
                    .find(Topics.BROKER, BrokerClient.header("ce_id", replyId), Duration.ofSeconds(60))
                    .orElseThrow(() -> new AssertionError("no reply " + replyId + " on the broker topic"));

            assertThat(BrokerClient.headers(record)).containsEntry("ce_type", EventTypes.SENTIMENT)
                    .containsEntry("ce_source", "sentiment")
                    .containsEntry("ce_traceparent", TRACEPARENT);
            SentimentScores scores = Json.mapper().readValue(record.value(), SentimentScores.class);
            assertThat(scores.newsId()).isEqualTo("fn-kafka-1");
            assertThat(scores.scores()).isEqualTo(LEXICON.score(item.title(), null, List.of("ETH")));
            assertThat(scores.scores().get(0).score()).isNegative();
        }
        assertThat(storedCoins("fn-kafka-1")).containsExactly("ETH");
    }

    @Test
    void aNewsItemThatBreaksItsContractGets400NamingTheField() {
        String body = "{\"id\":\"fn-bad\",\"source\":\"test\",\"url\":\"https://example.org/x\",\"title\":\"\","
                + "\"publishedAt\":\"2026-11-21T09:30:00Z\"}";
        CloudEventEnvelope event = envelope("fn-bad", body.getBytes(StandardCharsets.UTF_8));

        Response response = post(event);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body().asString()).contains("title");
        assertThat(storedCoins("fn-bad")).isEmpty();
    }

    static NewsItem createNewsItem(String id, String title, String summary, List<String> currencies) {
        return new NewsItem(id, "test", "https://example.org/news/" + id, title, summary, PUBLISHED, currencies);
    }

    private static CloudEventEnvelope newsEvent(NewsItem item) throws Exception {
        return envelope(item.id(), Json.mapper().writeValueAsBytes(item));
    }

    private static CloudEventEnvelope envelope(String id, byte[] data) {
        return CloudEventEnvelope.json("news-" + id, "/test/news", EventTypes.NEWS, null,
                OffsetDateTime.ofInstant(PUBLISHED, ZoneOffset.UTC), TRACEPARENT, data);
    }

    private static Response post(CloudEventEnvelope event) {
        return given().headers(BinaryMode.HTTP.headers(event)).body(event.data()).post("/");
    }

    private List<String> storedCoins(String newsId) {
        List<String> coins = new java.util.ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT coin FROM sentiment_events WHERE news_id = $1 ORDER BY position")
                .execute(Tuple.of(newsId)).await().atMost(WAIT)) {
            coins.add(row.getString("coin"));
        }
        return coins;
    }

    private Row storedRow(String newsId) {
        return pool.preparedQuery("SELECT scored_at FROM sentiment_events WHERE news_id = $1 LIMIT 1")
                .execute(Tuple.of(newsId)).await().atMost(WAIT).iterator().next();
    }
}
