package dev.enoki.internal;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.impl.MessageConsumerImpl;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

/**
 * The toolkit's one door to Vert.x's internal classes, for what its public API cannot do: run code on a context
 * from a foreign thread without a queue hop, tell a context from its duplicates, bind a promise to a context, see
 * the messages a consumer drops, make a fresh event-loop context, and close a resource with its Vert.x instance.
 * Kept in one place so a Vert.x upgrade that moves them breaks one file.
 */
public final class VertxInternals {
    private VertxInternals() {
    }

    /**
     * Runs {@code action} at once on the calling thread as if on {@code context} (its context data, its exception
     * handler): how a broker client's delivery thread hands work over without a hop through the event loop.
     */
    public static void dispatch(Context context, Runnable action) {
        ((ContextInternal) context).dispatch(action);
    }

    /** The context {@code context} duplicates (each event-bus message is handled on a duplicate), or itself. */
    public static Context unwrap(Context context) {
        return ((ContextInternal) context).unwrap();
    }

    /** Whether the current thread runs {@code base} or one of its duplicates. */
    public static boolean onContext(Context base) {
        Context current = Vertx.currentContext();
        return current != null && unwrap(current) == base;
    }

    /** Closes {@code resource} when {@code vertx} closes, before Vert.x's own threads stop. */
    public static void closeWith(Vertx vertx, io.vertx.core.Closeable resource) {
        ((VertxInternal) vertx).addCloseHook(resource);
    }

    /** A promise whose listeners run on {@code context}, whichever thread completes it. */
    public static <T> Promise<T> promiseOn(Context context) {
        return ((ContextInternal) context).promise();
    }

    /** What {@code consumer} does with a message it drops unhandled (it was unregistered with the message queued). */
    public static <T> void onDiscard(MessageConsumer<T> consumer, Handler<Message<T>> handler) {
        ((MessageConsumerImpl<T>) consumer).discardHandler(handler);
    }

    /** A new event-loop context, belonging to no deployment. */
    public static Context newEventLoopContext(Vertx vertx) {
        return ((VertxInternal) vertx).createEventLoopContext();
    }
}
