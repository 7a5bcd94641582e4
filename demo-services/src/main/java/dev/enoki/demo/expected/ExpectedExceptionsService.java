package dev.enoki.demo.expected;

import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.demo.auth.Auth;
import dev.enoki.demo.auth.Authenticator;
import dev.enoki.demo.auth.Unauthorized;

import java.util.Map;

/**
 * Nameko's expected_exceptions example: {@link Unauthorized} is the caller's fault and is logged as a warning;
 * the genuine bug after it is logged as an error. Both reach the caller as remote errors.
 */
@Service("expected_service")
public class ExpectedExceptionsService {

    @Auth
    Authenticator auth;

    @Rpc(expectedExceptions = Unauthorized.class)
    public void update(Map<String, Object> data) {
        if (!auth.hasRole("admin")) {
            throw new Unauthorized("only an admin may update");
        }
        throw new IllegalStateException("Whoops, genuine error.");
    }
}
