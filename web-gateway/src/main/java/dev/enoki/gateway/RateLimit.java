package dev.enoki.gateway;

import dev.enoki.http.HttpReply;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client address: {@code perSecond} tokens a second, at most {@code burst} saved. An empty bucket
 * answers 429 with {@code Retry-After}. The table of clients is bounded; the longest unseen client is forgotten
 * first (and starts again with a full bucket).
 */
final class RateLimit implements Handler<RoutingContext> {
    private static final int MAX_CLIENTS = 10_000;

    private final double perSecond;
    private final int burst;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    RateLimit(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String client = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        long waitMillis = take(client, System.nanoTime());
        if (waitMillis == 0) {
            ctx.next();
            return;
        }
        HttpReply.ofError(429, "TooManyRequests", "rate limit of " + perSecond + " requests a second exceeded")
                .withHeader("Retry-After", Long.toString(Math.max(1, (waitMillis + 999) / 1000)))
                .writeTo(ctx.response());
    }

    /** 0 when a token was taken, else how long until one is there. */
    synchronized long take(String client, long now) {
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / 1e9 * perSecond);
        bucket.at = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - bucket.tokens) / perSecond * 1000);
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
