package dev.tickcast.sentiment.scoring;

import java.util.List;

/**
 * A coin the scorers know: its code as events carry it (the base of a pair, {@code BTC} in {@code BTC/USD}) and the
 * words a headline may name it by (lower case; tickers also match with a leading {@code $}).
 */
public record Coin(String code, List<String> aliases) {
    public Coin {
        aliases = List.copyOf(aliases);
    }
}
