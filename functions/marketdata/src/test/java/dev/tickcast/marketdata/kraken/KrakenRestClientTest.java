package dev.tickcast.marketdata.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tickcast.contracts.market.Side;
import dev.tickcast.contracts.market.Trade;
import dev.tickcast.marketdata.kraken.KrakenRestClient.TradesPage;

class KrakenRestClientTest {
    static final String DEFAULT_PAIR = "BTC/USD";
    /** Kraken's documented example response of GET /0/public/Trades. */
    static final String DOCUMENTED_RESPONSE = """
            {"error":[],"result":{"XXBTZUSD":[
              ["30243.40000","0.34507674",1688669597.8277369,"b","m","",61044952],
              ["30243.30000","0.00376960",1688669598.2804112,"s","l","",61044953],
              ["30243.30000","0.01235716",1688669602.698379,"s","m","",61044956]
            ],"last":"1688671969993150842"}}""";

    MockKrakenServer kraken;

    @BeforeEach
    void startKraken() {
        kraken = MockKrakenServer.start();
    }

    @AfterEach
    void stopKraken() {
        kraken.close();
    }

    static KrakenRestClient.Settings createSettings(MockKrakenServer kraken) {
        return KrakenRestClient.Settings.defaults()
                .withBaseUri(kraken.restUri())
                .withRequestInterval(Duration.ZERO)
                .withMaxAttempts(6)
                .withBackoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)))
                .withRequestTimeout(Duration.ofSeconds(5));
    }

    @Test
    void readsTheDocumentedResponseExactly() throws Exception {
        TradesPage page = KrakenRestClient.page(DEFAULT_PAIR, KrakenWire.read(DOCUMENTED_RESPONSE).path("result"));

        assertThat(page.resultKey()).isEqualTo("XXBTZUSD");
        assertThat(page.last()).isEqualTo(1688671969993150842L);
        assertThat(page.trades()).containsExactly(
                new Trade("61044952", Instant.ofEpochSecond(1688669597, 827_736_900), new BigDecimal("30243.4"),
                        new BigDecimal("0.34507674"), Side.BUY),
                new Trade("61044953", Instant.ofEpochSecond(1688669598, 280_411_200), new BigDecimal("30243.3"),
                        new BigDecimal("0.0037696"), Side.SELL),
                new Trade("61044956", Instant.ofEpochSecond(1688669602, 698_379_000), new BigDecimal("30243.3"),
                        new BigDecimal("0.01235716"), Side.SELL));
    }

    @Test
    void pagesWithTheSinceCursorUntilNothingIsNewer() throws Exception {
        List<Trade> all = kraken.trade(DEFAULT_PAIR, 2_500);
        kraken.restPageSize(1000);
        KrakenRestClient client = new KrakenRestClient(createSettings(kraken));

        List<Trade> read = new ArrayList<>();
        List<Long> cursors = new ArrayList<>();
        long since = 0;
        while (true) {
            TradesPage page = client.trades(DEFAULT_PAIR, since);
            if (page.trades().isEmpty()) {
                assertThat(page.last()).isEqualTo(since);
                break;
            }
            assertThat(page.resultKey()).isEqualTo("XXBTZUSD");
            assertThat(page.last()).isEqualTo(KrakenWire.nanos(page.trades().get(page.trades().size() - 1).time()));
            read.addAll(page.trades());
            cursors.add(since);
            since = page.last();
        }

        assertThat(read).isEqualTo(all);
        assertThat(cursors).hasSize(3);
        assertThat(kraken.restSince()).containsExactly(0L, KrakenWire.nanos(all.get(999).time()),
                KrakenWire.nanos(all.get(1999).time()), KrakenWire.nanos(all.get(2499).time()));
    }

    @Test
    void rateLimitAndServiceErrorsAreRetriedWithBackoff() throws Exception {
        List<Trade> all = kraken.trade(DEFAULT_PAIR, 10);
        kraken.failNextRest("EAPI:Rate limit exceeded", 1);
        kraken.failNextRest("EGeneral:Too many requests", 1);
        kraken.failNextRestWithStatus(503, 1);
        kraken.failNextRest("EService:Unavailable", 1);
        KrakenRestClient client = new KrakenRestClient(createSettings(kraken));

        long started = System.nanoTime();
        TradesPage page = client.trades(DEFAULT_PAIR, 0);

        assertThat(page.trades()).isEqualTo(all);
        assertThat(kraken.restRequests()).isEqualTo(5);
        // four back-offs of at least half of 20, 40, 80, 160 ms
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void requestsTooFastForKrakenAreRetriedAndPacingAvoidsThem() throws Exception {
        kraken.trade(DEFAULT_PAIR, 50);
        kraken.restMinInterval(Duration.ofMillis(100));

        KrakenRestClient unpaced = new KrakenRestClient(createSettings(kraken).withMaxAttempts(10));
        for (int i = 0; i < 3; i++) {
            assertThat(unpaced.trades(DEFAULT_PAIR, 0).trades()).hasSize(50);
        }
        assertThat(kraken.restRateLimited()).isPositive();

        Thread.sleep(150);
        int limitedBefore = kraken.restRateLimited();
        KrakenRestClient paced = new KrakenRestClient(createSettings(kraken).withRequestInterval(Duration.ofMillis(130)));
        for (int i = 0; i < 4; i++) {
            assertThat(paced.trades(DEFAULT_PAIR, 0).trades()).hasSize(50);
        }
        assertThat(kraken.restRateLimited()).isEqualTo(limitedBefore);
    }

    @Test
    void anErrorRetryingCannotFixFailsAtOnce() {
        KrakenRestClient client = new KrakenRestClient(createSettings(kraken));

        // ADA/USD maps to ADAUSD, which this Kraken does not list
        assertThatThrownBy(() -> client.trades("ADA/USD", 0))
                .isInstanceOf(KrakenApiException.class)
                .hasMessageContaining("EQuery:Unknown asset pair")
                .satisfies(e -> assertThat(((KrakenApiException) e).errors()).containsExactly("EQuery:Unknown asset pair"));
        assertThat(kraken.restRequests()).isEqualTo(1);
    }

    @Test
    void givesUpAfterTheAllowedAttempts() {
        kraken.failNextRest("EAPI:Rate limit exceeded", 5);
        KrakenRestClient client = new KrakenRestClient(createSettings(kraken).withMaxAttempts(3));

        assertThatThrownBy(() -> client.trades(DEFAULT_PAIR, 0))
                .isInstanceOf(KrakenApiException.class)
                .hasMessageContaining("EAPI:Rate limit exceeded")
                .hasMessageContaining("gave up after 3 attempts");
        assertThat(kraken.restRequests()).isEqualTo(3);
    }

    @Test
    void mapsOurPairsToKrakenRestNames() {
        assertThat(KrakenPairs.restName("BTC/USD")).isEqualTo("XBTUSD");
        assertThat(KrakenPairs.restName("ETH/BTC")).isEqualTo("ETHXBT");
        assertThat(KrakenPairs.restName("DOGE/USD")).isEqualTo("XDGUSD");
        assertThat(KrakenPairs.restName("SOL/EUR")).isEqualTo("SOLEUR");
        assertThat(KrakenPairs.wsSymbol("BTC/USD")).isEqualTo("BTC/USD");
        assertThatThrownBy(() -> KrakenPairs.restName("BTC-USD")).hasMessageStartingWith("pair: must be BASE/QUOTE");
    }
}
