package dev.enoki.demo.auth;

import dev.enoki.AbstractDependencyProvider;
import dev.enoki.WorkerContext;
import io.vertx.core.Future;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * The {@code @Auth} dependency: one user table and one JWT signer per container, an {@link Authenticator} per
 * worker. The signing secret is config {@code JWT_SECRET}.
 */
public final class AuthProvider extends AbstractDependencyProvider<Auth, Authenticator> {
    private Users users;
    private JWTAuth jwt;

    public AuthProvider() {
        super(Auth.class);
    }

    @Override
    public Future<Void> setup() {
        return container.vertx().<Void>executeBlocking(() -> {
            users = Users.example(); // hashing is slow on purpose: off the event loop
            String secret = container.config().getString("JWT_SECRET", "secret");
            jwt = JWTAuth.create(container.vertx(), new JWTAuthOptions()
                    .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
            return null;
        });
    }

    @Override
    public Authenticator get(WorkerContext worker) {
        return new Authenticator(worker, users, jwt);
    }
}
