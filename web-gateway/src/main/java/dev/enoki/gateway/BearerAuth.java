package dev.enoki.gateway;

import dev.enoki.http.HttpReply;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * The authentication hook: runs before routing, so no route, not even an unknown one, is reached without a good
 * bearer token. Public paths (the console, health, metrics, the OpenAPI document) are let through, judged on the
 * normalized path the router matches, so {@code /console/../api/...} is not public. CORS preflights never get
 * here: the CORS handler, which runs first, answers them.
 */
final class BearerAuth implements Handler<RoutingContext> {
    private static final String PREFIX = "bearer ";

    private final TokenVerifier verifier;
    private final List<String> publicPaths;

    BearerAuth(TokenVerifier verifier, List<String> publicPaths) {
        this.verifier = verifier;
        this.publicPaths = publicPaths;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (isPublic(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            reject(ctx, "a bearer token is required");
            return;
        }
        verifier.verify(header.substring(PREFIX.length()).trim()).onComplete(checked -> {
            if (checked.failed()) {
                reject(ctx, "the bearer token was refused");
                return;
            }
            if (checked.result() != null) {
                ctx.put(GatewayContext.USER_ID, checked.result());
            }
            ctx.next();
        });
    }

    private boolean isPublic(String path) {
        for (String p : publicPaths) {
            if (p.endsWith("*") ? path.startsWith(p.substring(0, p.length() - 1)) : path.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static void reject(RoutingContext ctx, String why) {
        HttpReply.ofError(401, "Unauthorized", why).withHeader("WWW-Authenticate", "Bearer")
                .writeTo(ctx.response());
    }
}
