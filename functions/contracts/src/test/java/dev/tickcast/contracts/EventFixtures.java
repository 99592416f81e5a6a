package dev.tickcast.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.contracts.market.Side;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.contracts.market.TradesBatch;
import dev.tickcast.contracts.model.Evaluation;
import dev.tickcast.contracts.model.ModelPromoted;
import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.contracts.model.SignalAction;
import dev.tickcast.contracts.model.TradingSignal;
import dev.tickcast.contracts.model.TrainRequested;
import dev.tickcast.contracts.news.CoinSentiment;
import dev.tickcast.contracts.news.NewsItem;
import dev.tickcast.contracts.news.NewsPoll;
import dev.tickcast.contracts.news.SentimentScores;

/** Shared event fixtures (published in the contracts test-jar): one valid payload of every type. */
public final class EventFixtures {
    public static final String DEFAULT_PAIR = "BTC/USD";
    public static final Instant DEFAULT_MINUTE = Instant.parse("2013-11-25T10:15:00Z");
    /** Prices with more digits than a double holds exactly, so a lossy path shows. */
    public static final BigDecimal DEFAULT_PRICE = new BigDecimal("805.123456789012345678");
    public static final String DEFAULT_MODEL_VERSION = "20261121T120000Z-3f2a";

    private EventFixtures() {
    }

    public static Trade createTrade(String id, long secondsIntoMinute, String price, String quantity) {
        return new Trade(id, DEFAULT_MINUTE.plusSeconds(secondsIntoMinute), new BigDecimal(price),
                new BigDecimal(quantity), Side.BUY);
    }

    public static TradesBatch createTradesBatch() {
        return new TradesBatch(DEFAULT_PAIR, "test", List.of(
                createTrade("t-1", 1, "805.10", "0.01000000"),
                createTrade("t-2", 20, DEFAULT_PRICE.toPlainString(), "1.5"),
                new Trade("t-3", DEFAULT_MINUTE.plusSeconds(59), new BigDecimal("804.99"), new BigDecimal("0.00000001"), null)));
    }

    public static Candle createCandle() {
        return new Candle(DEFAULT_PAIR, DEFAULT_MINUTE, DEFAULT_MINUTE.plusSeconds(60),
                new BigDecimal("805.10"), DEFAULT_PRICE, new BigDecimal("804.99"), new BigDecimal("804.99"),
                new BigDecimal("1.51000001"), new BigDecimal("805.1217"), 3, false, 0);
    }

    public static FeatureRow createFeatureRow() {
        java.util.Map<String, Double> values = new java.util.HashMap<>();
        values.put("sma_7", 804.5);
        values.put("rsi_14", 55.25);
        values.put("macd_line", null);
        return new FeatureRow(DEFAULT_PAIR, DEFAULT_MINUTE.plusSeconds(60), DEFAULT_PRICE, values, true, "market-v1");
    }

    public static NewsItem createNewsItem() {
        return new NewsItem("cp-123456", "cryptopanic", "https://example.org/news/bitcoin-etf-approved",
                "Bitcoin ETF approved", "Regulators approve the first spot bitcoin ETF.",
                Instant.parse("2026-11-21T09:30:00Z"), List.of("BTC"));
    }

    public static SentimentScores createSentimentScores() {
        return new SentimentScores("cp-123456", Instant.parse("2026-11-21T09:30:00Z"),
                "lexicon:afinn-165-financialmarketnews", false,
                List.of(new CoinSentiment("BTC", 0.75, 0.8, "approval is bullish"),
                        new CoinSentiment("ETH", 0.1, 0.3, null)));
    }

    public static Prediction createPrediction() {
        Instant t = DEFAULT_MINUTE.plusSeconds(60);
        return new Prediction(DEFAULT_PAIR, t, t.plusSeconds(300), 5, DEFAULT_PRICE, new BigDecimal("806.01"),
                0.0011, DEFAULT_MODEL_VERSION);
    }

    public static Evaluation createEvaluation() {
        Instant t = DEFAULT_MINUTE.plusSeconds(60);
        return new Evaluation(DEFAULT_PAIR, t, t.plusSeconds(300), DEFAULT_MODEL_VERSION, new BigDecimal("805.00"),
                new BigDecimal("806.01"), new BigDecimal("806.50"), new BigDecimal("0.49"), 0.0607,
                new BigDecimal("1.50"), true);
    }

    public static TradingSignal createSignal() {
        return new TradingSignal(DEFAULT_PAIR, DEFAULT_MINUTE.plusSeconds(60), SignalAction.BUY, DEFAULT_PRICE,
                0.0011, 0.0052, DEFAULT_MODEL_VERSION);
    }

    public static ModelPromoted createModelPromoted() {
        return new ModelPromoted(DEFAULT_PAIR, DEFAULT_MODEL_VERSION, null,
                "s3://tickcast-models/models/BTC-USD/" + DEFAULT_MODEL_VERSION + "/",
                "a".repeat(64), Instant.parse("2026-11-21T12:00:00Z"), Map.of("mae", 1.25, "skill", 0.04));
    }

    public static NewsPoll createNewsPoll() {
        return new NewsPoll(Instant.parse("2026-11-21T09:35:00Z"));
    }

    public static TrainRequested createTrainRequested() {
        return new TrainRequested(DEFAULT_PAIR, Instant.parse("2013-11-25T00:00:00Z"), Instant.parse("2013-12-01T00:00:00Z"),
                Instant.parse("2026-11-21T12:05:00Z"), "admin");
    }

    /** One valid payload per event type. */
    public static Map<String, Object> oneOfEach() {
        return Map.ofEntries(
                Map.entry(EventTypes.TRADES, createTradesBatch()),
                Map.entry(EventTypes.CANDLE, createCandle()),
                Map.entry(EventTypes.FEATURES, createFeatureRow()),
                Map.entry(EventTypes.NEWS, createNewsItem()),
                Map.entry(EventTypes.SENTIMENT, createSentimentScores()),
                Map.entry(EventTypes.PREDICTION, createPrediction()),
                Map.entry(EventTypes.EVALUATION, createEvaluation()),
                Map.entry(EventTypes.SIGNAL, createSignal()),
                Map.entry(EventTypes.MODEL_PROMOTED, createModelPromoted()),
                Map.entry(EventTypes.NEWS_POLL, createNewsPoll()),
                Map.entry(EventTypes.TRAIN_REQUESTED, createTrainRequested()));
    }
}
