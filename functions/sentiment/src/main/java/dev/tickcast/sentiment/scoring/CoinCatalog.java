package dev.tickcast.sentiment.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The coins Tickcast scores, with tickers, names and aliases. Detection works on the same tokens as the lexicon,
 * so "Ethereum's" and "$ETH" both name ETH, and multi-word names ("bitcoin cash") win over their first word.
 */
public final class CoinCatalog {
    private static final List<Coin> DEFAULT = List.of(
            new Coin("BTC", List.of("btc", "xbt", "bitcoin", "bitcoins", "satoshi", "satoshis", "sats")),
            new Coin("ETH", List.of("eth", "ether", "ethereum", "ethereum's", "ethers")),
            new Coin("SOL", List.of("sol", "solana", "solana's")),
            new Coin("XRP", List.of("xrp", "ripple", "ripple's")),
            new Coin("ADA", List.of("ada", "cardano", "cardano's")),
            new Coin("DOGE", List.of("doge", "dogecoin", "dogecoin's")),
            new Coin("LTC", List.of("ltc", "litecoin", "litecoin's")),
            new Coin("DOT", List.of("dot", "polkadot", "polkadot's")),
            new Coin("AVAX", List.of("avax", "avalanche")),
            new Coin("LINK", List.of("chainlink", "chainlink's")),
            new Coin("BCH", List.of("bch", "bitcoin cash")),
            new Coin("BNB", List.of("bnb")),
            new Coin("USDT", List.of("usdt", "tether", "tether's")),
            new Coin("USDC", List.of("usdc")));

    private final Map<String, Coin> byCode = new LinkedHashMap<>();
    private final Map<String, String> codeByAlias = new LinkedHashMap<>();
    private final int longestAlias;

    public CoinCatalog(List<Coin> coins) {
        int longest = 1;
        for (Coin coin : coins) {
            byCode.put(coin.code(), coin);
            for (String alias : coin.aliases()) {
                codeByAlias.put(alias, coin.code());
                longest = Math.max(longest, alias.split(" ").length);
            }
        }
        longestAlias = longest;
    }

    public static CoinCatalog defaults() {
        return new CoinCatalog(DEFAULT);
    }

    public boolean knows(String code) {
        return byCode.containsKey(code);
    }

    public Set<String> codes() {
        return byCode.keySet();
    }

    public Optional<Coin> coin(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** The coins named in {@code text}, in order of first mention. */
    public Set<String> detect(String text) {
        return detect(Tokens.of(text));
    }

    Set<String> detect(List<String> tokens) {
        Set<String> found = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            for (int n = Math.min(longestAlias, tokens.size() - i); n >= 1; n--) {
                String candidate = String.join(" ", tokens.subList(i, i + n));
                String code = codeByAlias.get(candidate.startsWith("$") ? candidate.substring(1) : candidate);
                if (code != null) {
                    found.add(code);
                    i += n - 1;
                    break;
                }
            }
        }
        return found;
    }

    /** The codes in {@code tags} that look like coin codes (upper-cased), unknown ones included. */
    public static List<String> normalizedTags(List<String> tags) {
        List<String> codes = new ArrayList<>();
        for (String tag : tags) {
            String code = tag.trim().toUpperCase(Locale.ROOT);
            if (code.matches("[A-Z0-9]{2,10}") && !codes.contains(code)) {
                codes.add(code);
            }
        }
        return codes;
    }
}
