package dev.enoki.gateway;

import dev.enoki.WorkerContext;
import dev.enoki.http.HttpContextData;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The gateway's part in a request's context data: the headers' context data, the user the bearer token named, and
 * a call id of the gateway's own that the response carries and every call continues.
 */
final class GatewayContext {
    static final String CALL_ID = "enoki.call-id";
    static final String USER_ID = "enoki.user-id";

    private GatewayContext() {
    }

    /** Gives the request its call id and puts it on the response; the first handler calls this. */
    static void begin(RoutingContext ctx) {
        // Call ids need to be unique, not unguessable: no SecureRandom (and its lock) per request.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String callId = "web_gateway.call." + new UUID(random.nextLong(), random.nextLong());
        ctx.put(CALL_ID, callId);
        ctx.response().putHeader(HttpContextData.CALL_ID_HEADER, callId);
        ctx.next();
    }

    static String callId(RoutingContext ctx) {
        return ctx.get(CALL_ID);
    }

    /** The context data a call made for this request carries. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> of(RoutingContext ctx) {
        Map<String, Object> data = new HashMap<>(HttpContextData.fromHeaders(ctx.request().headers()));
        List<String> stack = new ArrayList<>((List<String>) data.getOrDefault(WorkerContext.CALL_ID_STACK, List.of()));
        stack.add(callId(ctx));
        data.put(WorkerContext.CALL_ID_STACK, stack);
        String user = ctx.get(USER_ID);
        if (user != null) {
            data.put(WorkerContext.USER_ID, user);
        }
        return data;
    }
}
