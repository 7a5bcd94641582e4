package dev.enoki.testing;

import java.lang.reflect.Proxy;

/** Stand-ins for dependencies: a Mockito mock when Mockito is on the class path, else a do-nothing proxy. */
final class Mocks {
    private static final boolean MOCKITO = present("org.mockito.Mockito");

    private Mocks() {
    }

    static Object of(Class<?> type) {
        if (type.isPrimitive()) {
            return defaultOf(type);
        }
        if (MOCKITO && mockable(type)) {
            return org.mockito.Mockito.mock(type);
        }
        if (type.isInterface()) {
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                    (proxy, method, args) -> defaultOf(method.getReturnType()));
        }
        return null;
    }

    private static boolean mockable(Class<?> type) {
        return !java.lang.reflect.Modifier.isFinal(type.getModifiers()) && !type.isArray();
    }

    private static Object defaultOf(Class<?> type) {
        if (!type.isPrimitive() || type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Mocks.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
