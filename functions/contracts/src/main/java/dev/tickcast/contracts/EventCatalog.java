package dev.tickcast.contracts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.tickcast.contracts.market.Candle;
import dev.tickcast.contracts.market.FeatureRow;
import dev.tickcast.contracts.market.TradesBatch;
import dev.tickcast.contracts.model.Evaluation;
import dev.tickcast.contracts.model.ModelPromoted;
import dev.tickcast.contracts.model.Prediction;
import dev.tickcast.contracts.model.TradingSignal;
import dev.tickcast.contracts.model.TrainRequested;
import dev.tickcast.contracts.news.NewsItem;
import dev.tickcast.contracts.news.NewsPoll;
import dev.tickcast.contracts.news.SentimentScores;

/** Every event type with its payload class and JSON Schema resource. The only registry of them. */
public final class EventCatalog {

    /** One event type: its name, its payload record and the classpath resource of its JSON Schema. */
    public record Entry(String type, Class<?> payload) {
        public String schemaResource() {
            return "/schemas/" + type + ".json";
        }
    }

    private static final Map<String, Entry> BY_TYPE = new LinkedHashMap<>();
    private static final Map<Class<?>, Entry> BY_CLASS = new LinkedHashMap<>();

    static {
        register(EventTypes.TRADES, TradesBatch.class);
        register(EventTypes.CANDLE, Candle.class);
        register(EventTypes.FEATURES, FeatureRow.class);
        register(EventTypes.NEWS, NewsItem.class);
        register(EventTypes.SENTIMENT, SentimentScores.class);
        register(EventTypes.PREDICTION, Prediction.class);
        register(EventTypes.EVALUATION, Evaluation.class);
        register(EventTypes.SIGNAL, TradingSignal.class);
        register(EventTypes.MODEL_PROMOTED, ModelPromoted.class);
        register(EventTypes.NEWS_POLL, NewsPoll.class);
        register(EventTypes.TRAIN_REQUESTED, TrainRequested.class);
    }

    private static void register(String type, Class<?> payload) {
        Entry entry = new Entry(type, payload);
        BY_TYPE.put(type, entry);
        BY_CLASS.put(payload, entry);
    }

    private EventCatalog() {
    }

    public static Map<String, Entry> all() {
        return java.util.Collections.unmodifiableMap(BY_TYPE);
    }

    public static Optional<Entry> byType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static Optional<Entry> byPayload(Class<?> payload) {
        return Optional.ofNullable(BY_CLASS.get(payload));
    }
}
