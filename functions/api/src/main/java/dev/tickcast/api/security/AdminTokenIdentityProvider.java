package dev.tickcast.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tickcast.api.config.ApiConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The one admin identity: a bearer token equal to {@code tickcast.api.admin-token} (compared in constant time).
 * No token configured: nobody is admin.
 */
@ApplicationScoped
public class AdminTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    public static final String ROLE = "admin";

    @Inject
    ApiConfig config;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String expected = config.adminToken().map(String::trim).orElse("");
        byte[] given = request.getToken().getToken().getBytes(StandardCharsets.UTF_8);
        if (expected.isEmpty() || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given)) {
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    expected.isEmpty() ? "no admin token is configured (tickcast.api.admin-token)" : "wrong admin token"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(ROLE))
                .addRole(ROLE).addCredential(request.getToken()).build());
    }
}
