package dev.enoki;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;

/** Keeps a provider's container, field and annotation, which every provider needs. */
public abstract class AbstractDependencyProvider<A extends Annotation, T> implements DependencyProvider<T> {
    private final Class<A> annotationType;
    protected ContainerContext container;
    protected Field field;
    protected A annotation;

    protected AbstractDependencyProvider(Class<A> annotationType) {
        this.annotationType = annotationType;
    }

    @Override
    public void bind(ContainerContext container, Field field) {
        this.container = container;
        this.field = field;
        this.annotation = field.getAnnotation(annotationType);
    }

    @Override
    public Field field() {
        return field;
    }

    public A annotation() {
        return annotation;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + container.serviceName() + "." + field.getName() + ")";
    }
}
