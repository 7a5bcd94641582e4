package dev.enoki;

import dev.enoki.registry.ServiceRecord;

import java.lang.reflect.Method;

/**
 * An extension that fires workers: it listens for something (a message, a tick, a request) and asks the container
 * to run the service method with {@link ContainerContext#spawnWorker}. Extend {@link AbstractEntrypoint} to get the
 * binding for free.
 */
public interface Entrypoint extends Extension {

    /** Called once, right after construction, with the container and the method it serves. */
    void bind(ContainerContext container, Method method);

    /** The service method this entrypoint fires. */
    Method method();

    /** Exceptions that are the caller's fault: logged as warnings. */
    default Class<? extends Throwable>[] expectedExceptions() {
        return AbstractEntrypoint.NO_EXCEPTIONS;
    }

    /** Argument names or dotted paths into them that are redacted wherever arguments are logged. */
    default String[] sensitiveArguments() {
        return new String[0];
    }

    /** Adds what callers should know of this entrypoint (an RPC method, an event subscription) to the record. */
    default void describe(ServiceRecord.Builder record) {
    }
}
