package dev.enoki;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/** Keeps an entrypoint's container, method and annotation, which every entrypoint needs. */
public abstract class AbstractEntrypoint<A extends Annotation> implements Entrypoint {
    @SuppressWarnings("unchecked")
    static final Class<? extends Throwable>[] NO_EXCEPTIONS = new Class[0];

    private final Class<A> annotationType;
    protected ContainerContext container;
    protected Method method;
    protected A annotation;

    protected AbstractEntrypoint(Class<A> annotationType) {
        this.annotationType = annotationType;
    }

    @Override
    public void bind(ContainerContext container, Method method) {
        this.container = container;
        this.method = method;
        this.annotation = method.getAnnotation(annotationType);
    }

    @Override
    public Method method() {
        return method;
    }

    public A annotation() {
        return annotation;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + container.serviceName() + "." + method.getName() + ")";
    }
}
