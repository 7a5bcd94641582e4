package dev.enoki;

import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.function.Supplier;

/** What a container offers its extensions. {@link #vertx()}, {@link #transport()} and {@link #registry()} exist
 *  from {@link Extension#setup()} on. */
public interface ContainerContext {

    String serviceName();

    Class<?> serviceClass();

    JsonObject config();

    /** The toolkit's settings in {@link #config()}. */
    default EnokiOptions options() {
        return EnokiOptions.fromJson(config());
    }

    /** At most this many workers run at once. */
    int maxWorkers();

    Vertx vertx();

    /** How this container talks to other services. */
    Transport transport();

    /** Which services exist and where. */
    ServiceRegistry registry();

    /**
     * The one extension of this container for {@code key}, made by {@code factory} on first use: one consumer or one
     * server shared by many entrypoints. The container sets it up, starts it after the dependencies and stops it
     * with the entrypoints. Call it from {@link Extension#setup()}.
     */
    <S extends Extension> S shared(Object key, Supplier<S> factory);

    /**
     * Runs the entrypoint's method in a fresh worker, off the event loop, when one of {@link #maxWorkers()} slots is
     * free. Fails at once with {@link ServiceBusy} when the bounded wait queue is full and with
     * {@link ContainerBeingKilled} after a kill. The handler runs on the worker's thread after teardown, and the
     * future completes there too (with the container's Vert.x context current): code that must run on an event
     * loop hops there itself. A method that returns a {@code Future} or {@code CompletionStage} does not block: it
     * runs on the container's event loop, holds its slot until its future completes, and the handler then runs
     * there with the future's value or failure as the outcome.
     */
    default <R> Future<R> spawnWorker(Entrypoint entrypoint, WorkerArguments arguments,
                                      Map<String, Object> contextData, ResultHandler<R> handler) {
        return spawnWorker(entrypoint, arguments, contextData, 0, handler);
    }

    /**
     * As above, for a call its caller waits for until {@code deadline} (epoch milliseconds, 0 for none): the calls
     * the worker makes inherit what is left of it ({@link WorkerContext#deadline()}).
     */
    <R> Future<R> spawnWorker(Entrypoint entrypoint, WorkerArguments arguments, Map<String, Object> contextData,
                              long deadline, ResultHandler<R> handler);

    default Future<Object> spawnWorker(Entrypoint entrypoint, WorkerArguments arguments,
                                       Map<String, Object> contextData) {
        return spawnWorker(entrypoint, arguments, contextData, ResultHandler.plain());
    }
}
