package dev.enoki.demo.auth;

import dev.enoki.Rpc;
import dev.enoki.Service;

/** Nameko's auth example: users log in for a token; only an admin's token reads the secret. */
@Service("auth_service")
public class AuthService {

    @Auth
    Authenticator auth;

    @Rpc(sensitiveArguments = "password", expectedExceptions = Unauthenticated.class)
    public String login(String username, String password) {
        return auth.authenticate(username, password);
    }

    @Rpc(expectedExceptions = {Unauthenticated.class, Unauthorized.class})
    public String secretData() {
        auth.checkRole("admin");
        return "the secret data";
    }
}
