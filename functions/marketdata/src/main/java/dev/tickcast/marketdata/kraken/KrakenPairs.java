package dev.tickcast.marketdata.kraken;

import java.util.Map;

import dev.tickcast.contracts.Pairs;

/**
 * Our pairs ({@code BTC/USD}, as in events) in Kraken's spellings. WebSocket v2 uses the same form as we do;
 * REST wants the pair without the slash and with Kraken's legacy asset codes ({@code XBT} for bitcoin,
 * {@code XDG} for dogecoin), and answers under a result key that may differ again ({@code XXBTZUSD}): the client
 * takes whichever key is not {@code last}, so only the request name is mapped here.
 *
 * <table>
 * <caption>Common pairs</caption>
 * <tr><th>ours / WS v2</th><th>REST request</th><th>REST result key</th></tr>
 * <tr><td>BTC/USD</td><td>XBTUSD</td><td>XXBTZUSD</td></tr>
 * <tr><td>BTC/EUR</td><td>XBTEUR</td><td>XXBTZEUR</td></tr>
 * <tr><td>ETH/USD</td><td>ETHUSD</td><td>XETHZUSD</td></tr>
 * <tr><td>ETH/EUR</td><td>ETHEUR</td><td>XETHZEUR</td></tr>
 * <tr><td>ETH/BTC</td><td>ETHXBT</td><td>XETHXXBT</td></tr>
 * <tr><td>SOL/USD</td><td>SOLUSD</td><td>SOLUSD</td></tr>
 * <tr><td>XRP/USD</td><td>XRPUSD</td><td>XXRPZUSD</td></tr>
 * <tr><td>LTC/USD</td><td>LTCUSD</td><td>XLTCZUSD</td></tr>
 * <tr><td>DOGE/USD</td><td>XDGUSD</td><td>XDGUSD</td></tr>
 * <tr><td>ADA/USD</td><td>ADAUSD</td><td>ADAUSD</td></tr>
 * </table>
 * Pairs not in the table follow the same rule: legacy asset codes, then base and quote joined.
 */
public final class KrakenPairs {
    /** Assets whose Kraken REST code differs from the common ticker. */
    private static final Map<String, String> REST_ASSET = Map.of("BTC", "XBT", "DOGE", "XDG");

    private KrakenPairs() {
    }

    /** {@code BTC/USD} → {@code XBTUSD}, the {@code pair} parameter of REST {@code /0/public/Trades}. */
    public static String restName(String pair) {
        if (!Pairs.isEventForm(pair)) {
            throw new IllegalArgumentException("pair: must be BASE/QUOTE (e.g. BTC/USD), got '" + pair + "'");
        }
        int slash = pair.indexOf('/');
        return restAsset(pair.substring(0, slash)) + restAsset(pair.substring(slash + 1));
    }

    /** The symbol of the WebSocket v2 {@code trade} channel: v2 spells pairs as we do. */
    public static String wsSymbol(String pair) {
        if (!Pairs.isEventForm(pair)) {
            throw new IllegalArgumentException("pair: must be BASE/QUOTE (e.g. BTC/USD), got '" + pair + "'");
        }
        return pair;
    }

    private static String restAsset(String asset) {
        return REST_ASSET.getOrDefault(asset, asset);
    }
}
