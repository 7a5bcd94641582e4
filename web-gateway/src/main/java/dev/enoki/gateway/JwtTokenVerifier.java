package dev.enoki.gateway;

import dev.enoki.ConfigurationError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/** Bearer tokens as JWTs, checked by vertx-auth-jwt (signature, expiry, issuer and audience as configured). */
public final class JwtTokenVerifier implements TokenVerifier {
    private final JWTAuth auth;

    /** Refuses options without a key: vertx-auth-jwt would then take unsigned ({@code alg: none}) tokens. */
    public JwtTokenVerifier(Vertx vertx, JWTAuthOptions options) {
        boolean noKeys = (options.getPubSecKeys() == null || options.getPubSecKeys().isEmpty())
                && (options.getJwks() == null || options.getJwks().isEmpty());
        if (noKeys) {
            throw new ConfigurationError("jwt has no keys (pubSecKeys or jwks): every bearer token would be refused "
                    + "or, unsigned, accepted; give the key that signs the tokens");
        }
        this.auth = JWTAuth.create(vertx, options);
    }

    @Override
    public Future<String> verify(String token) {
        return auth.authenticate(new TokenCredentials(token)).map(user -> user.subject());
    }
}
