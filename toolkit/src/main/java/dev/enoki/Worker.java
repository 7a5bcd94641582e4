package dev.enoki;

import dev.enoki.internal.container.Redactor;
import dev.enoki.internal.container.ServiceModel;
import dev.enoki.internal.tracing.WorkerLogContext;
import dev.enoki.internal.tracing.WorkerSpan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One fired entrypoint, run on a worker thread in Nameko's order: bind the arguments, make a fresh service instance,
 * inject every dependency, {@code workerSetup}, the method, {@code workerResult}, {@code workerTeardown}, and finally
 * the entrypoint's result handler. A failure in the providers' hooks fails the call; it never kills the container.
 */
final class Worker<R> implements Callable<R> {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final ServiceModel model;
    private final List<DependencyProvider<?>> providers;
    private final List<WorkerListener> listeners;
    private final ContainerContext container;
    private final Entrypoint entrypoint;
    private final Map<String, Object> contextData;
    private final WorkerArguments arguments;
    private final long deadline;
    private WorkerContext context;
    private final ResultHandler<R> handler;
    /** How the worker itself ended, before its entrypoint made a reply of it. */
    private Throwable failure;

    Worker(ServiceModel model, List<WorkerListener> listeners, ContainerContext container, Entrypoint entrypoint,
           WorkerArguments arguments, Map<String, Object> contextData, long deadline, ResultHandler<R> handler) {
        this.model = model;
        this.providers = List.copyOf(model.providers());
        this.listeners = listeners;
        this.container = container;
        this.entrypoint = entrypoint;
        this.contextData = contextData;
        this.arguments = arguments;
        this.deadline = deadline;
        this.handler = handler;
    }

    @Override
    public R call() throws Exception {
        context = new WorkerContext(container, entrypoint, contextData);   // here, off the event loop
        WorkerSpan span = container.options().tracing() ? WorkerSpan.start(context, contextData) : null;
        WorkerLogContext.enter(context, span);
        R reply = null;
        Throwable thrown = null;
        try {
            reply = run();
            return reply;
        } catch (Throwable t) {
            thrown = t;
            throw t;
        } finally {
            if (span != null) {
                span.end(reply, thrown != null ? thrown : failure);
            }
            WorkerLogContext.leave(span);
        }
    }

    private R run() throws Exception {
        context.deadline(deadline);
        listeners.forEach(l -> l.workerStarted(context));
        Object result = null;
        Throwable error = null;
        boolean instantiated = false;
        try {
            context.arguments(arguments.bind(context.entrypoint().method()));
            Object service = model.newInstance();
            context.service(service);
            instantiated = true;
            for (DependencyProvider<?> p : providers) {
                model.inject(p, service, p.get(context));
            }
            for (DependencyProvider<?> p : providers) {
                p.workerSetup(context);
            }
            try {
                result = model.invoke(context.entrypoint().method(), service, context.arguments());
            } catch (Throwable t) {
                error = t;
            }
            for (DependencyProvider<?> p : providers) {
                try {
                    p.workerResult(context, result, error);
                } catch (Throwable t) {
                    log.error("{}.workerResult failed for {}", p, context.callId(), t);
                    error = error == null ? t : error;
                }
            }
        } catch (Throwable t) {
            error = t;
        } finally {
            if (instantiated) {
                teardown();
            }
        }
        failure = error;
        logOutcome(error);
        for (WorkerListener l : listeners) {
            l.workerFinished(context, error == null ? result : null, error);
        }
        return handler.handle(context, error == null ? result : null, error);
    }

    private void teardown() {
        for (DependencyProvider<?> p : providers) {
            try {
                p.workerTeardown(context);
            } catch (Throwable t) {
                log.error("{}.workerTeardown failed for {}", p, context.callId(), t);
            }
        }
    }

    private void logOutcome(Throwable error) {
        if (error == null) {
            return;
        }
        Entrypoint entrypoint = context.entrypoint();
        // Only a kill interrupts a worker's thread: an abandoned call. These, a deadline and an open circuit are one
        // line each, not a stack trace per call.
        if (error instanceof BadRequest || expected(entrypoint, error) || error instanceof ContainerBeingKilled
                || error instanceof RpcTimeout || error instanceof CircuitOpen
                || error instanceof InterruptedException) {
            log.warn("{}{} {}({}) raised {}: {}", context.callId(), caller(), entrypoint.method().getName(),
                    redactedArguments(), error.getClass().getSimpleName(), error.getMessage());
        } else {
            log.error("{} {}({}) failed", context.callId(), entrypoint.method().getName(), redactedArguments(), error);
        }
    }

    /** Who sent the request, so a refused one can be traced to its sender; the id is theirs, so kept short. */
    private String caller() {
        String parent = context.immediateParentCallId();
        if (parent == null) {
            return "";
        }
        String clean = parent.replaceAll("\\p{Cntrl}", "?");
        return " (called from " + (clean.length() <= 100 ? clean : clean.substring(0, 100) + "…") + ")";
    }

    private Object redactedArguments() {
        Object[] args = context.arguments();
        if (args.length == 0) {
            return "";
        }
        return Redactor.redact(context.entrypoint().method(), args, context.entrypoint().sensitiveArguments());
    }

    private static boolean expected(Entrypoint entrypoint, Throwable error) {
        for (Class<? extends Throwable> type : entrypoint.expectedExceptions()) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        return false;
    }
}
