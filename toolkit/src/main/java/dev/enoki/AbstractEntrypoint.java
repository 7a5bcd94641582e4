package dev.enoki;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.function.Function;

/** Keeps an entrypoint's container, method and annotation, which every entrypoint needs. */
public abstract class AbstractEntrypoint<A extends Annotation> implements Entrypoint {
    @SuppressWarnings("unchecked")
    static final Class<? extends Throwable>[] NO_EXCEPTIONS = new Class[0];

    private final Class<A> annotationType;
    private final Function<A, Class<? extends Throwable>[]> expected;
    private final Function<A, String[]> sensitive;
    protected ContainerContext container;
    protected Method method;
    protected A annotation;

    protected AbstractEntrypoint(Class<A> annotationType) {
        this(annotationType, a -> NO_EXCEPTIONS, a -> new String[0]);
    }

    /** For an annotation that declares its expected exceptions and sensitive arguments, as {@code @Rpc} does. */
    protected AbstractEntrypoint(Class<A> annotationType, Function<A, Class<? extends Throwable>[]> expectedExceptions,
                                 Function<A, String[]> sensitiveArguments) {
        this.annotationType = annotationType;
        this.expected = expectedExceptions;
        this.sensitive = sensitiveArguments;
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
    public Class<? extends Throwable>[] expectedExceptions() {
        return expected.apply(annotation);
    }

    @Override
    public String[] sensitiveArguments() {
        return sensitive.apply(annotation);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + container.serviceName() + "." + method.getName() + ")";
    }
}
