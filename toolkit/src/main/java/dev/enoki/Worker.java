package dev.enoki;

import dev.enoki.internal.VertxInternals;
import dev.enoki.internal.container.NonBlockingMethods;
import dev.enoki.internal.container.Redactor;
import dev.enoki.internal.container.ServiceModel;
import dev.enoki.internal.container.WorkerPool;
import dev.enoki.internal.tracing.WorkerLogContext;
import dev.enoki.internal.tracing.WorkerSpan;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One fired entrypoint, run on a worker thread in Nameko's order: bind the arguments, make a fresh service instance,
 * inject every dependency, {@code workerSetup}, the method, {@code workerResult}, {@code workerTeardown}, and finally
 * the entrypoint's result handler. A failure in the providers' hooks fails the call; it never kills the container.
 * A method that returns a future does not block: the same steps run on the container's event loop, and the hooks
 * after the method wait for its future.
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
    private boolean instantiated;
    private boolean invoked;
    private Object result;
    private Throwable error;

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

    /** Runs the worker on the thread it is on, a worker's thread: blocking, in Nameko's order. */
    @Override
    public R call() throws Exception {
        context = new WorkerContext(container, entrypoint, contextData);   // here, off the event loop
        WorkerSpan span = container.options().tracing() ? WorkerSpan.start(context, contextData) : null;
        WorkerLogContext.enter(context, span);
        R reply = null;
        Throwable thrown = null;
        try {
            invoke();
            reply = finish();
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

    /** Hands the worker to the pool: on a worker's thread, or on the event loop for a non-blocking method. */
    Future<R> submitTo(WorkerPool pool) {
        return NonBlockingMethods.isNonBlocking(entrypoint.method()) ? pool.submitNonBlocking(this::start)
                : pool.submit(this);
    }

    /**
     * Runs a non-blocking worker on the container's event loop: the same steps as {@link #call()}, with the method's
     * future in place of its result. The span and the log context are current while the worker's own code runs, and
     * leave the event loop while it waits.
     */
    private Future<R> start() {
        context = new WorkerContext(container, entrypoint, contextData);
        WorkerSpan span = container.options().tracing() ? WorkerSpan.start(context, contextData) : null;
        WorkerLogContext.enter(context, span);
        try {
            invoke();
        } finally {
            suspend(span);
        }
        Future<Object> outcome = error == null ? NonBlockingMethods.outcomeOf(result) : Future.succeededFuture();
        Promise<R> reply = Promise.promise();
        Context eventLoop = Vertx.currentContext();
        outcome.onComplete(done -> {
            Runnable finish = () -> finishNonBlocking(done, span, reply);
            if (VertxInternals.onContext(VertxInternals.unwrap(eventLoop)) && Context.isOnEventLoopThread()) {
                finish.run();
            } else {
                eventLoop.runOnContext(v -> finish.run());   // a CompletionStage may complete on any thread
            }
        });
        return reply.future();
    }

    private void finishNonBlocking(AsyncResult<Object> done, WorkerSpan span, Promise<R> reply) {
        if (error == null) {
            result = done.succeeded() ? done.result() : null;
            error = done.failed() ? done.cause() : null;
        }
        if (span != null) {
            span.resume();
        }
        WorkerLogContext.enter(context, span);
        R outcome = null;
        Throwable thrown = null;
        try {
            outcome = finish();
            reply.complete(outcome);
        } catch (Throwable t) {
            thrown = t;
            reply.fail(t);
        } finally {
            if (span != null) {
                span.end(outcome, thrown != null ? thrown : failure);
            }
            WorkerLogContext.leave(span);
        }
    }

    private static void suspend(WorkerSpan span) {
        WorkerLogContext.leave(span);
        if (span != null) {
            span.suspend();
        }
    }

    /** Everything up to and including the method: its result or what it raised is kept for {@link #finish()}. */
    private void invoke() {
        context.deadline(deadline);
        context.started();
        listeners.forEach(l -> l.workerStarted(context));
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
            invoked = true;
            // A provider may answer in the method's place (a reply recorded for this delivery): it does not run.
            result = context.answered() ? context.answerGiven()
                    : model.invoke(context.entrypoint().method(), service, context.arguments());
        } catch (Throwable t) {
            error = t;
        }
    }

    /** The providers see the outcome and clean up; then the entrypoint's handler makes its reply of it. */
    private R finish() throws Exception {
        try {
            if (invoked) {
                for (DependencyProvider<?> p : providers) {
                    try {
                        p.workerResult(context, error == null ? result : null, error);
                    } catch (Throwable t) {
                        log.error("{}.workerResult failed for {}", p, context.callId(), t);
                        error = error == null ? t : error;
                    }
                }
            }
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
