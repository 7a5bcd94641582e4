package dev.enoki.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/** Bearer tokens as JWTs, checked by vertx-auth-jwt (signature, expiry, issuer and audience as configured). */
public final class JwtTokenVerifier implements TokenVerifier {
    private final JWTAuth auth;

    public JwtTokenVerifier(Vertx vertx, JWTAuthOptions options) {
        this.auth = JWTAuth.create(vertx, options);
    }

    @Override
    public Future<String> verify(String token) {
        return auth.authenticate(new TokenCredentials(token)).map(user -> user.subject());
    }
}
