package dev.tickcast.ingest;

import java.time.Instant;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A local news site for the app's own configured sources: a CryptoPanic-style API ({@code app-cp}) and an RSS
 * feed ({@code app-rss}). Tests that need other sources build their own poller over other sites of the server.
 */
public class MockNewsResource implements QuarkusTestResourceLifecycleManager {
    public static final String APP_CRYPTOPANIC = "app-cp";
    public static final String APP_FEED = "app-rss";

    private MockNewsServer news;

    @Override
    public Map<String, String> start() {
        news = MockNewsServer.start();
        news.post(APP_CRYPTOPANIC, MockNewsServer.createPost(9001, "Bitcoin holds above 90k",
                "https://example.org/app/btc-holds", Instant.parse("2026-11-21T08:00:00Z"), "BTC"));
        news.feed(APP_FEED, FeedDocuments.rss("App feed", FeedDocuments.rssItem("app-guid-1", "Ether upgrade ships",
                "https://example.org/app/eth-upgrade", "Fri, 20 Nov 2026 10:00:00 GMT", "<p>The <b>upgrade</b> is live.</p>")));
        return Map.of(
                "tickcast.ingest.news.cryptopanic.token", MockNewsServer.TOKEN,
                "tickcast.ingest.news.cryptopanic.url", news.postsUrl(APP_CRYPTOPANIC).toString(),
                "tickcast.ingest.news.cryptopanic.name", APP_CRYPTOPANIC,
                "tickcast.ingest.news.feeds", APP_FEED + "=" + news.feedUrl(APP_FEED),
                "tickcast.ingest.news.request-timeout", "5s",
                "tickcast.ingest.news.initial-backoff", "1s",
                "tickcast.ingest.news.max-backoff", "5s");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(news, new TestInjector.MatchesType(MockNewsServer.class));
    }

    @Override
    public void stop() {
        if (news != null) {
            news.close();
        }
    }
}
