package dev.enoki.internal.events;

import dev.enoki.AbstractDependencyProvider;
import dev.enoki.ConfigurationError;
import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.WorkerContext;
import io.vertx.core.Future;

/** {@code @EventDispatcher}: each worker dispatches as its service, with its context data on every event. */
public final class DispatcherProvider extends AbstractDependencyProvider<EventDispatcher, Dispatcher> {

    public DispatcherProvider() {
        super(EventDispatcher.class);
    }

    @Override
    public Future<Void> setup() {
        if (field.getType() != Dispatcher.class) {
            return Future.failedFuture(new ConfigurationError("@EventDispatcher field " + field.getName()
                    + " must be a Dispatcher"));
        }
        return Future.succeededFuture();
    }

    @Override
    public Dispatcher get(WorkerContext worker) {
        return new EventPublisher(container.transport(), container.serviceName(), worker.contextData(),
                container.options().tracing());
    }
}
