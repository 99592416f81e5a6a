package dev.tickcast.contracts;

/**
 * CloudEvents {@code type} names: {@code dev.tickcast.<noun>.v<N>}. Compile-time constants so that
 * {@code @CloudEventMapping(trigger = EventTypes.TRADES, responseType = EventTypes.CANDLE)} can name them.
 * A breaking payload change is a new constant ending in {@code .v2}, never an edit of an existing one.
 */
public final class EventTypes {
    public static final String PREFIX = "dev.tickcast.";

    public static final String TRADES = "dev.tickcast.trades.v1";
    public static final String CANDLE = "dev.tickcast.candle.v1";
    public static final String FEATURES = "dev.tickcast.features.v1";
    public static final String NEWS = "dev.tickcast.news.v1";
    public static final String SENTIMENT = "dev.tickcast.sentiment.v1";
    public static final String PREDICTION = "dev.tickcast.prediction.v1";
    public static final String EVALUATION = "dev.tickcast.evaluation.v1";
    public static final String SIGNAL = "dev.tickcast.signal.v1";
    public static final String MODEL_PROMOTED = "dev.tickcast.model.promoted.v1";
    /** A tick of the news-poll schedule (PingSource in the cluster, ./tickcast up locally): time to poll the news. */
    public static final String NEWS_POLL = "dev.tickcast.news.poll.v1";
    /** An operator's request for a training run now (the api's admin action); train runs it. */
    public static final String TRAIN_REQUESTED = "dev.tickcast.train.requested.v1";

    private EventTypes() {
    }
}
