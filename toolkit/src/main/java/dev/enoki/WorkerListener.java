package dev.enoki;

/**
 * Watches a container's workers, for tests and metrics. Called on the worker's thread; must be quick and must not
 * throw.
 */
public interface WorkerListener {

    default void workerStarted(WorkerContext worker) {
    }

    /** After teardown, with the method's result or its error. */
    default void workerFinished(WorkerContext worker, Object result, Throwable error) {
    }
}
