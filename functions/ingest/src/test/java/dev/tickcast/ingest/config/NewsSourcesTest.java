package dev.tickcast.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.tickcast.ingest.client.CryptoPanicClient;
import dev.tickcast.ingest.client.FeedClient;
import dev.tickcast.ingest.client.NewsSource;

class NewsSourcesTest {
    @Test
    void noTokenAndNoFeedsMeansNoSources() {
        assertThat(NewsSources.of(news(null, null))).isEmpty();
    }

    @Test
    void cryptoPanicWithATokenThenTheFeedsInOrder() {
        List<NewsSource> sources = NewsSources.of(news("t", List.of("coindesk=https://www.coindesk.com/arc/outboundfeeds/rss/",
                " decrypt = https://decrypt.co/feed ")));
        assertThat(sources).extracting(NewsSource::name).containsExactly("cryptopanic", "coindesk", "decrypt");
        assertThat(sources.get(0)).isInstanceOf(CryptoPanicClient.class);
        assertThat(((FeedClient) sources.get(2)).url()).isEqualTo(URI.create("https://decrypt.co/feed"));
    }

    @Test
    void aBadFeedEntryNamesThePropertyAndTheRule() {
        assertThatThrownBy(() -> NewsSources.of(news(null, List.of("https://decrypt.co/feed"))))
                .hasMessage("tickcast.ingest.news.feeds[0]: must be name=url, got 'https://decrypt.co/feed'");
        assertThatThrownBy(() -> NewsSources.of(news(null, List.of("a=https://a.example/rss", "bad name=https://b.example/rss"))))
                .hasMessageStartingWith("tickcast.ingest.news.feeds[1]: a source name is 1-64 of");
        assertThatThrownBy(() -> NewsSources.of(news(null, List.of("a=ftp://a.example/rss"))))
                .hasMessage("tickcast.ingest.news.feeds[0]: must be an http(s) URL, got 'ftp://a.example/rss'");
        assertThatThrownBy(() -> NewsSources.of(news(null, List.of("a=https://a.example/rss", "a=https://b.example/rss"))))
                .hasMessage("tickcast.ingest.news.feeds[1]: source name 'a' is used twice");
    }

    private static IngestConfig.News news(String token, List<String> feeds) {
        return new IngestConfig.News() {
            @Override
            public Cryptopanic cryptopanic() {
                return new Cryptopanic() {
                    @Override
                    public Optional<String> token() {
                        return Optional.ofNullable(token);
                    }

                    @Override
                    public URI url() {
                        return URI.create("https://cryptopanic.com/api/v1/posts/");
                    }

                    @Override
                    public String name() {
                        return "cryptopanic";
                    }
                };
            }

            @Override
            public Optional<List<String>> feeds() {
                return Optional.ofNullable(feeds);
            }

            @Override
            public int maxPages() {
                return 5;
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration initialBackoff() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration maxBackoff() {
                return Duration.ofMinutes(30);
            }

            @Override
            public Duration lease() {
                return Duration.ofMinutes(2);
            }

            @Override
            public Optional<URI> deadLetterUrl() {
                return Optional.empty();
            }
        };
    }
}
