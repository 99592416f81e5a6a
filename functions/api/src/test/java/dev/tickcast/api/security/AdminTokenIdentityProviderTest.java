package dev.tickcast.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.tickcast.api.config.ApiConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;

/** The provider itself, with configurations the app under test does not have: no token, a blank one. */
class AdminTokenIdentityProviderTest {

    private static AdminTokenIdentityProvider provider(Optional<String> token) {
        AdminTokenIdentityProvider provider = new AdminTokenIdentityProvider();
        provider.config = new ApiConfig() {
            @Override
            public List<String> pairs() {
                return List.of("BTC/USD");
            }

            @Override
            public Optional<String> adminToken() {
                return token;
            }

            @Override
            public String topic() {
                return "t";
            }

            @Override
            public Stream stream() {
                throw new UnsupportedOperationException("the admin token needs no stream limits");
            }
        };
        return provider;
    }

    private static TokenAuthenticationRequest bearer(String token) {
        return new TokenAuthenticationRequest(new TokenCredential(token, "bearer"));
    }

    @Test
    void withNoTokenConfiguredNobodyIsAdmin() {
        for (Optional<String> none : List.of(Optional.<String> empty(), Optional.of(""), Optional.of("  "))) {
            for (String given : new String[] { "", " ", "null", "admin" }) {
                assertThatThrownBy(() -> provider(none).authenticate(bearer(given), null).await().indefinitely())
                        .isInstanceOf(AuthenticationFailedException.class)
                        .hasMessageContaining("no admin token is configured");
            }
        }
    }

    @Test
    void onlyTheConfiguredTokenIsAdmin() {
        AdminTokenIdentityProvider provider = provider(Optional.of("s3cret-token"));
        assertThat(provider.authenticate(bearer("s3cret-token"), null).await().indefinitely().hasRole("admin")).isTrue();
        assertThatThrownBy(() -> provider.authenticate(bearer("s3cret-tokeN"), null).await().indefinitely())
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> provider.authenticate(bearer("s3cret-token "), null).await().indefinitely())
                .isInstanceOf(AuthenticationFailedException.class);
    }
}
