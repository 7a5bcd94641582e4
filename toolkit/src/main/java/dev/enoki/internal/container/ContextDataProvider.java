package dev.enoki.internal.container;

import dev.enoki.AbstractDependencyProvider;
import dev.enoki.ConfigurationError;
import dev.enoki.ContextData;
import dev.enoki.WorkerContext;
import dev.enoki.json.Json;
import io.vertx.core.Future;

/** {@code @ContextData}: a value of the worker's context data, or the worker context itself. */
public final class ContextDataProvider extends AbstractDependencyProvider<ContextData, Object> {

    public ContextDataProvider() {
        super(ContextData.class);
    }

    @Override
    public Future<Void> setup() {
        if (annotation.value().isEmpty() && field.getType() != WorkerContext.class) {
            return Future.failedFuture(new ConfigurationError("@ContextData field " + field.getName()
                    + " needs a key, or the type WorkerContext"));
        }
        return Future.succeededFuture();
    }

    @Override
    public Object get(WorkerContext worker) {
        if (annotation.value().isEmpty()) {
            return worker;
        }
        Object value = annotation.value().equals(WorkerContext.CALL_ID_STACK) ? worker.callIdStack()
                : worker.data().get(annotation.value());
        return value == null ? null : Json.mapper().convertValue(value, Json.type(field.getGenericType()));
    }
}
