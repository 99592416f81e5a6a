package dev.tickcast.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class CryptoPanicClientTest {
    private final CryptoPanicClient client = new CryptoPanicClient("cryptopanic",
            URI.create("https://cryptopanic.com/api/v1/posts/?currencies=BTC,ETH"), "s3cret", HttpClient.newHttpClient(),
            Duration.ofSeconds(1));

    @Test
    void theFirstPageKeepsTheConfiguredFiltersAndAsksForPublicPosts() {
        assertThat(client.firstPage()).isEqualTo("https://cryptopanic.com/api/v1/posts/?currencies=BTC,ETH&public=true");
    }

    @Test
    void aCursorIsTheNextUrlWithoutTheToken() throws Exception {
        assertThat(client.cursorOf("https://cryptopanic.com/api/v1/posts/?auth_token=s3cret&currencies=BTC,ETH&public=true&page=2"))
                .isEqualTo("https://cryptopanic.com/api/v1/posts/?currencies=BTC,ETH&public=true&page=2");
    }

    @Test
    void aNextPageOnAnotherServerIsNotFollowedWithTheToken() {
        assertThatThrownBy(() -> client.cursorOf("https://evil.example/api/v1/posts/?page=2"))
                .isInstanceOf(SourceFailure.class).hasMessageContaining("another server (https://evil.example)");
    }

    @Test
    void aTokenNeverShowsInWhatIsLogged() {
        assertThat(HttpSupport.redacted("https://x/api/v1/posts/?auth_token=s3cret&page=2"))
                .isEqualTo("https://x/api/v1/posts/?auth_token=***&page=2");
    }
}
