package dev.enoki.testing;

import dev.enoki.RpcTimeout;
import dev.enoki.ServiceContainer;
import dev.enoki.WorkerContext;
import dev.enoki.WorkerListener;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Waits until an entrypoint of a container has fired and its worker is torn down, and hands over its result:
 * Nameko's {@code entrypoint_waiter}. Open it before causing the call so none is missed.
 *
 * <pre>{@code
 * try (EntrypointWaiter waiter = EntrypointWaiter.on(container, "handleOrder")) {
 *     client.dispatch("orders", "order_created", order);
 *     waiter.await(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class EntrypointWaiter implements AutoCloseable, WorkerListener {
    private final ServiceContainer container;
    private final String method;
    private final Predicate<WorkerContext> filter;
    private final CompletableFuture<Object> outcome = new CompletableFuture<>();

    private EntrypointWaiter(ServiceContainer container, String method, Predicate<WorkerContext> filter) {
        this.container = container;
        this.method = method;
        this.filter = filter;
        container.addWorkerListener(this);
    }

    public static EntrypointWaiter on(ServiceContainer container, String method) {
        return new EntrypointWaiter(container, method, w -> true);
    }

    /** Counts only the workers the filter accepts, e.g. those that got a certain payload. */
    public static EntrypointWaiter on(ServiceContainer container, String method, Predicate<WorkerContext> filter) {
        return new EntrypointWaiter(container, method, filter);
    }

    @Override
    public void workerFinished(WorkerContext worker, Object result, Throwable error) {
        if (worker.methodName().equals(method) && filter.test(worker)) {
            if (error == null) {
                outcome.complete(result);
            } else {
                outcome.completeExceptionally(error);
            }
        }
    }

    /** The worker's result; its error is rethrown; {@link RpcTimeout} when nothing fired in time. */
    public Object await(Duration timeout) throws Throwable {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RpcTimeout(container.serviceName() + "." + method + " did not fire within " + timeout);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        container.removeWorkerListener(this);
    }
}
