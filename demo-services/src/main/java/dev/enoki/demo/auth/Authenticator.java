package dev.enoki.demo.auth;

import dev.enoki.Blocking;
import dev.enoki.WorkerContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;


/**
 * What a worker's {@code @Auth} field holds: logs users in (a JWT comes back) and checks the roles of the token
 * the call carries in its context data under {@code "auth"}.
 */
public final class Authenticator {
    public static final String CONTEXT_KEY = "auth";

    private final WorkerContext worker;
    private final Users users;
    private final JWTAuth jwt;

    Authenticator(WorkerContext worker, Users users, JWTAuth jwt) {
        this.worker = worker;
        this.users = users;
        this.jwt = jwt;
    }

    /** A token for the user; pass it as context data {@code "auth"} with later calls. */
    public String authenticate(String username, String password) {
        Users.User user = users.check(username, password);
        return jwt.generateToken(new JsonObject().put("username", user.name()).put("roles", new JsonArray(user.roles())));
    }

    public boolean hasRole(String role) {
        Object token = worker.data().get(CONTEXT_KEY);
        if (token == null) {
            throw new Unauthenticated("this call carries no auth token");
        }
        try {
            User user = Blocking.await(jwt.authenticate(new TokenCredentials(token.toString())));
            return user.principal().getJsonArray("roles", new JsonArray()).contains(role);
        } catch (RuntimeException e) {
            return false; // a forged, expired or malformed token grants nothing
        }
    }

    public void checkRole(String role) {
        if (!hasRole(role)) {
            throw new Unauthorized("the role '" + role + "' is needed");
        }
    }
}
