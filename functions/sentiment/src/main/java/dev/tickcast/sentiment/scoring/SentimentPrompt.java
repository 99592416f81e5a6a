package dev.tickcast.sentiment.scoring;

/** The instructions every LLM scorer gets; compile-time constants so that AI-service annotations can name them. */
public final class SentimentPrompt {
    public static final String SYSTEM = """
            You rate crypto market news for traders. For each coin you are given, rate how the news is likely to move
            that coin's price in the next hours: score from -1 (very negative) through 0 (neutral or unrelated) to 1
            (very positive), confidence from 0 to 1, and a reasoning of at most 200 characters.
            Answer with JSON only, no prose and no code fences, exactly in this shape:
            {"scores":[{"coin":"BTC","score":0.4,"confidence":0.7,"reasoning":"..."}]}
            Give exactly one entry per coin you were given, with the coin code as given, and no other coins.""";
    public static final String USER = """
            Coins: {coins}
            Headline: {headline}
            Summary: {summary}""";

    private SentimentPrompt() {
    }
}
