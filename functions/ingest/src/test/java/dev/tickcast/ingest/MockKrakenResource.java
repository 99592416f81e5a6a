package dev.tickcast.ingest;

import java.time.Duration;
import java.util.Map;

import dev.tickcast.marketdata.kraken.MockKrakenServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A local server speaking Kraken's WebSocket v2 and REST formats, with live ingest pointed at it. */
public class MockKrakenResource implements QuarkusTestResourceLifecycleManager {
    private MockKrakenServer kraken;

    @Override
    public Map<String, String> start() {
        kraken = MockKrakenServer.start(Duration.ofMillis(200));
        kraken.restMinInterval(Duration.ZERO);
        kraken.trade("ETH/USD", 20);
        return Map.of("tickcast.ingest.live", "true",
                "tickcast.ingest.pairs", "ETH/USD",
                "tickcast.ingest.kraken.websocket-url", kraken.wsUri().toString(),
                "tickcast.ingest.kraken.rest-url", kraken.restUri().toString(),
                "tickcast.ingest.kraken.rest-interval", "10ms",
                "tickcast.ingest.kraken.stale-after", "2s");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(kraken, new TestInjector.MatchesType(MockKrakenServer.class));
    }

    @Override
    public void stop() {
        if (kraken != null) {
            kraken.close();
        }
    }
}
