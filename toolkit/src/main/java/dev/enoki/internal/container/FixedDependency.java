package dev.enoki.internal.container;

import dev.enoki.ContainerContext;
import dev.enoki.DependencyProvider;

import java.lang.reflect.Field;

/** Injects one given object into every worker: how tests replace a dependency. */
public final class FixedDependency implements DependencyProvider<Object> {
    private final Object value;
    private Field field;

    public FixedDependency(ContainerContext container, Field field, Object value) {
        this.value = value;
        bind(container, field);
    }

    @Override
    public void bind(ContainerContext container, Field field) {
        this.field = field;
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public Object get(dev.enoki.WorkerContext worker) {
        return value;
    }

    @Override
    public String toString() {
        return "FixedDependency(" + field.getName() + ")";
    }
}
