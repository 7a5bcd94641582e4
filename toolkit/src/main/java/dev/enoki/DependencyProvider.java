package dev.enoki;

import java.lang.reflect.Field;

/**
 * An extension that gives each worker an object for one field of the service, and sees the worker's life around
 * the method: {@link #workerSetup} before it, {@link #workerResult} after it, {@link #workerTeardown} last. The
 * worker hooks run on the worker's thread, where blocking is allowed. Extend {@link AbstractDependencyProvider} to
 * get the binding for free.
 */
public interface DependencyProvider<T> extends Extension {

    /** Called once, right after construction, with the container and the field it fills. */
    void bind(ContainerContext container, Field field);

    /** The field this provider fills. */
    Field field();

    /** The object injected into the worker's field. */
    T get(WorkerContext worker);

    default void workerSetup(WorkerContext worker) {
    }

    /** Sees the method's result, or its error (then {@code result} is null). */
    default void workerResult(WorkerContext worker, Object result, Throwable error) {
    }

    default void workerTeardown(WorkerContext worker) {
    }
}
