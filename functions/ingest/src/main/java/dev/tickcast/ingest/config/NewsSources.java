package dev.tickcast.ingest.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import dev.tickcast.ingest.client.CryptoPanicClient;
import dev.tickcast.ingest.client.FeedClient;
import dev.tickcast.ingest.client.NewsSource;
import dev.tickcast.ingest.repository.NewsLedger;
import dev.tickcast.ingest.repository.NewsSourceStates;
import dev.tickcast.ingest.service.BackOff;
import dev.tickcast.ingest.service.NewsPoller;
import dev.tickcast.ingest.service.NewsPublisher;

/** The news sources as configured, and the poller over them. A bad entry stops the start with its reason. */
@ApplicationScoped
public class NewsSources {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Produces
    @Singleton
    NewsPoller newsPoller(IngestConfig config, NewsLedger ledger, NewsSourceStates states, NewsPublisher publisher) {
        IngestConfig.News news = config.news();
        return new NewsPoller(of(news), ledger, states, publisher,
                new BackOff(news.initialBackoff(), news.maxBackoff()), Clock.systemUTC(), news.maxPages(), news.lease());
    }

    /** The sources of the configuration: CryptoPanic when it has a token, then the feeds in order. */
    public static List<NewsSource> of(IngestConfig.News news) {
        // HTTP/1.1: no h2c upgrade attempts against plain-http sources (see KrakenRestClient)
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        List<NewsSource> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        news.cryptopanic().token().ifPresent(token -> {
            String name = name("tickcast.ingest.news.cryptopanic.name", news.cryptopanic().name());
            names.add(name);
            sources.add(new CryptoPanicClient(name, httpUrl("tickcast.ingest.news.cryptopanic.url",
                    news.cryptopanic().url().toString()), token, http, news.requestTimeout()));
        });
        List<String> feeds = news.feeds().orElse(List.of());
        for (int i = 0; i < feeds.size(); i++) {
            String property = "tickcast.ingest.news.feeds[" + i + "]";
            String entry = feeds.get(i).strip();
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(property + ": must be name=url, got '" + entry + "'");
            }
            String name = name(property, entry.substring(0, eq).strip());
            if (!names.add(name)) {
                throw new IllegalArgumentException(property + ": source name '" + name + "' is used twice");
            }
            sources.add(new FeedClient(name, httpUrl(property, entry.substring(eq + 1).strip()), http, news.requestTimeout()));
        }
        return sources;
    }

    private static String name(String property, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(property + ": a source name is 1-64 of A-Z a-z 0-9 . _ -, got '" + name + "'");
        }
        return name;
    }

    private static URI httpUrl(String property, String url) {
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(property + ": must be an http(s) URL, got '" + url + "'");
    }
}
