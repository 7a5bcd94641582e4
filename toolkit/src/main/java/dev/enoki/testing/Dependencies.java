package dev.enoki.testing;

import dev.enoki.ServiceContainer;

/**
 * Replaces a container's dependencies before it starts, as Nameko's {@code replace_dependencies}; restrict its
 * entrypoints with {@link ServiceContainer#restrictEntrypoints}.
 */
public final class Dependencies {
    private Dependencies() {
    }

    /** Injects a mock instead of the dependency in field {@code name}, and returns the mock. */
    @SuppressWarnings("unchecked")
    public static <T> T replace(ServiceContainer container, String name) {
        Object mock = Mocks.of(fieldType(container, name));
        container.replaceDependency(name, mock);
        return (T) mock;
    }

    /** Injects {@code value} instead of the dependency in field {@code name}. */
    public static void replace(ServiceContainer container, String name, Object value) {
        container.replaceDependency(name, value);
    }

    private static Class<?> fieldType(ServiceContainer container, String name) {
        return container.dependencies().stream().filter(d -> d.field().getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(container.serviceName() + " has no dependency named '"
                        + name + "'"))
                .field().getType();
    }
}
