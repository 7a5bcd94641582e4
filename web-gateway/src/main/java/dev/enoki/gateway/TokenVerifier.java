package dev.enoki.gateway;

import io.vertx.core.Future;

/**
 * Checks a bearer token before any routing. Succeeds with the user id the token names (or null when it names none)
 * and fails when the token is not good; the gateway then answers 401. {@link JwtTokenVerifier} is the built-in.
 */
@FunctionalInterface
public interface TokenVerifier {

    Future<String> verify(String token);
}
