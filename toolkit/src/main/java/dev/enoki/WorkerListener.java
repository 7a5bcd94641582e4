package dev.enoki;

/**
 * Watches a container's workers, for tests and metrics. Called on the worker's thread; must be quick and must not
 * throw.
 */
public interface WorkerListener {

    default void workerStarted(WorkerContext worker) {
    }

    /**
     * After teardown, with the method's result or its error; {@link WorkerContext#startNanos()} says how long it
     * took (a worker whose method returns a future may finish after others started on its thread).
     */
    default void workerFinished(WorkerContext worker, Object result, Throwable error) {
    }
}
