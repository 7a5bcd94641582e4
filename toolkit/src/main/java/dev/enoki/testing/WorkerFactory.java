package dev.enoki.testing;

import dev.enoki.DependencyAnnotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;

/**
 * A service instance for a plain unit test, no container: every dependency field holds a mock (Mockito's when it is
 * on the class path) or the object given for its name, as Nameko's {@code worker_factory}.
 *
 * <pre>{@code
 * OrdersService orders = WorkerFactory.create(OrdersService.class, Map.of("payments", fakePayments));
 * }</pre>
 */
public final class WorkerFactory {
    private WorkerFactory() {
    }

    public static <T> T create(Class<T> serviceClass) {
        return create(serviceClass, Map.of());
    }

    public static <T> T create(Class<T> serviceClass, Map<String, ?> dependencies) {
        Map<String, Object> unused = new HashMap<>(dependencies);
        try {
            Constructor<T> constructor = serviceClass.getDeclaredConstructor();
            constructor.setAccessible(true);
            T service = constructor.newInstance();
            for (Class<?> c = serviceClass; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (isDependency(field)) {
                        field.setAccessible(true);
                        boolean given = unused.containsKey(field.getName());
                        field.set(service, given ? unused.remove(field.getName()) : Mocks.of(field.getType()));
                    }
                }
            }
            if (!unused.isEmpty()) {
                throw new IllegalArgumentException(serviceClass.getSimpleName() + " has no dependencies named "
                        + unused.keySet());
            }
            return service;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot make a " + serviceClass.getName() + ": " + e, e);
        }
    }

    private static boolean isDependency(Field field) {
        for (Annotation a : field.getAnnotations()) {
            if (a.annotationType().isAnnotationPresent(DependencyAnnotation.class)) {
                return true;
            }
        }
        return false;
    }
}
