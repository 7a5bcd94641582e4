package dev.enoki.internal.container;

import dev.enoki.ConfigurationError;
import dev.enoki.ContainerContext;
import dev.enoki.DependencyAnnotation;
import dev.enoki.DependencyProvider;
import dev.enoki.Entrypoint;
import dev.enoki.EntrypointAnnotation;
import dev.enoki.Service;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a service class declares, read once: its name, an entrypoint per annotated method, a provider per annotated
 * field, and the method handles a worker needs, so that no reflection lookup happens per call.
 */
public final class ServiceModel {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodType INVOKER = MethodType.methodType(Object.class, Object.class, Object[].class);
    private static final MethodType SETTER = MethodType.methodType(void.class, Object.class, Object.class);

    private final Class<?> serviceClass;
    private final String serviceName;
    private final MethodHandle constructor;
    private final List<Entrypoint> entrypoints = new ArrayList<>();
    private final List<DependencyProvider<?>> providers = new ArrayList<>();
    private final Map<Method, MethodHandle> invokers = new HashMap<>();
    private final Map<Field, MethodHandle> setters = new HashMap<>();

    public ServiceModel(Class<?> serviceClass, ContainerContext container) {
        this.serviceClass = serviceClass;
        Service service = serviceClass.getAnnotation(Service.class);
        if (service == null || service.value().isBlank()) {
            throw new ConfigurationError(serviceClass.getName() + " is not a service: annotate it with @Service(\"name\")");
        }
        this.serviceName = service.value();
        this.constructor = constructorOf(serviceClass);
        for (Class<?> c = serviceClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                for (Annotation a : method.getAnnotations()) {
                    EntrypointAnnotation meta = a.annotationType().getAnnotation(EntrypointAnnotation.class);
                    if (meta != null) {
                        addEntrypoint(meta.value(), method, container);
                    }
                }
            }
            for (Field field : c.getDeclaredFields()) {
                for (Annotation a : field.getAnnotations()) {
                    DependencyAnnotation meta = a.annotationType().getAnnotation(DependencyAnnotation.class);
                    if (meta != null) {
                        addProvider(meta.value(), field, container);
                    }
                }
            }
        }
    }

    public String serviceName() {
        return serviceName;
    }

    public Class<?> serviceClass() {
        return serviceClass;
    }

    public List<Entrypoint> entrypoints() {
        return entrypoints;
    }

    public List<DependencyProvider<?>> providers() {
        return providers;
    }

    /** A fresh instance of the service class: the worker. */
    public Object newInstance() throws Throwable {
        return constructor.invoke();
    }

    public Object invoke(Method method, Object instance, Object[] arguments) throws Throwable {
        return invokers.get(method).invokeExact(instance, arguments);
    }

    public void inject(DependencyProvider<?> provider, Object instance, Object value) throws Throwable {
        setters.get(provider.field()).invokeExact(instance, value);
    }

    /** Swaps the provider of a field for another, e.g. a fixed object in a test. */
    public void replaceProvider(String fieldName, DependencyProvider<?> replacement) {
        for (int i = 0; i < providers.size(); i++) {
            if (providers.get(i).field().getName().equals(fieldName)) {
                providers.set(i, replacement);
                return;
            }
        }
        throw new IllegalArgumentException(serviceName + " has no dependency named '" + fieldName + "'");
    }

    /** The field a dependency of that name fills. */
    public Field field(String fieldName) {
        return providers.stream().map(DependencyProvider::field).filter(f -> f.getName().equals(fieldName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(serviceName + " has no dependency named '" + fieldName + "'"));
    }

    private void addEntrypoint(Class<? extends Entrypoint> type, Method method, ContainerContext container) {
        if (Modifier.isStatic(method.getModifiers())) {
            throw new ConfigurationError("entrypoint " + method + " must not be static");
        }
        Entrypoint entrypoint = instantiate(type);
        entrypoint.bind(container, method);
        entrypoints.add(entrypoint);
        invokers.computeIfAbsent(method, ServiceModel::invokerOf);
    }

    private void addProvider(Class<? extends DependencyProvider> type, Field field, ContainerContext container) {
        if (Modifier.isStatic(field.getModifiers()) || Modifier.isFinal(field.getModifiers())) {
            throw new ConfigurationError("dependency field " + field + " must be neither static nor final");
        }
        DependencyProvider<?> provider = instantiate(type);
        provider.bind(container, field);
        providers.add(provider);
        try {
            field.setAccessible(true);
            setters.put(field, LOOKUP.unreflectSetter(field).asType(SETTER));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigurationError("cannot inject " + field + ": " + e.getMessage(), e);
        }
    }

    private static <T> T instantiate(Class<T> type) {
        try {
            Constructor<T> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigurationError("cannot create extension " + type.getName()
                    + ": it needs a no-argument constructor (" + e + ")", e);
        }
    }

    private static MethodHandle constructorOf(Class<?> type) {
        try {
            Constructor<?> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return LOOKUP.unreflectConstructor(c);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigurationError(type.getName() + " needs a no-argument constructor: a worker is a fresh "
                    + "instance made for every call", e);
        }
    }

    private static MethodHandle invokerOf(Method method) {
        try {
            method.setAccessible(true);
            return LOOKUP.unreflect(method).asSpreader(Object[].class, method.getParameterCount()).asType(INVOKER);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigurationError("cannot call " + method + ": " + e.getMessage(), e);
        }
    }
}
