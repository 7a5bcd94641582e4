package dev.enoki.demo.sensitive;

import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.demo.auth.Auth;
import dev.enoki.demo.auth.Authenticator;
import dev.enoki.demo.auth.Unauthenticated;

/** Nameko's sensitive_arguments example: a failed login is logged with the password masked. */
@Service("sensitive_service")
public class SensitiveArgumentsService {

    @Auth
    Authenticator auth;

    @Rpc(sensitiveArguments = "password", expectedExceptions = Unauthenticated.class)
    public String login(String username, String password) {
        return auth.authenticate(username, password);
    }
}
