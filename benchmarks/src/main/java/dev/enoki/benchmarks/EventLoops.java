package dev.enoki.benchmarks;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.internal.VertxInternal;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where a benchmark's client runs. Measured from whatever context the main thread happened to get, the bare echo's
 * figure moved by up to three times from one run to the next; a benchmark's loads now run on one context, on an
 * event loop that no server uses, chosen the same way every run.
 */
final class EventLoops {
    private EventLoops() {
    }

    /** An event-loop context on a loop that none of {@code serverThreads} runs (the first loop when none is given). */
    static Context clientContext(Vertx vertx, Collection<Thread> serverThreads) {
        VertxInternal internal = (VertxInternal) vertx;
        for (EventExecutor executor : internal.nettyEventLoopGroup()) {
            if (executor instanceof EventLoop loop && serverThreads.stream().noneMatch(loop::inEventLoop)) {
                return internal.contextBuilder().withEventLoop(loop).build();
            }
        }
        throw new IllegalStateException("every event loop runs a server: give Vert.x more event loops");
    }

    /** The thread that runs {@code context}. */
    static Thread threadOf(Context context) {
        Promise<Thread> thread = Promise.promise();
        context.runOnContext(v -> thread.complete(Thread.currentThread()));
        return thread.future().await();
    }

    /** The threads that take the messages {@code call} sends to addresses starting with {@code prefix}. */
    static Set<Thread> receivers(Vertx vertx, String prefix, Supplier<Future<?>> call) {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Handler<DeliveryContext<Object>> probe = delivery -> {
            if (delivery.message().address().startsWith(prefix)) {
                threads.add(Thread.currentThread());
            }
            delivery.next();
        };
        vertx.eventBus().addInboundInterceptor(probe);
        try {
            call.get().await();
        } finally {
            vertx.eventBus().removeInboundInterceptor(probe);
        }
        return threads;
    }
}
