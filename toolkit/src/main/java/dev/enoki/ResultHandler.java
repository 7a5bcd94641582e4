package dev.enoki;

/**
 * Turns a worker's outcome into what its entrypoint needs (an RPC reply body, an HTTP response), on the worker's
 * thread after teardown, so that encoding never runs on an event loop, unless the method itself is a non-blocking
 * one that runs there.
 */
@FunctionalInterface
public interface ResultHandler<R> {

    R handle(WorkerContext worker, Object result, Throwable error) throws Exception;

    /** The plain outcome: the result, or the error rethrown. */
    static ResultHandler<Object> plain() {
        return (worker, result, error) -> {
            if (error instanceof Exception e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
            return result;
        };
    }
}
