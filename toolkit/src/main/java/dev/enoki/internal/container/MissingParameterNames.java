package dev.enoki.internal.container;

import dev.enoki.Entrypoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Parameter names that javac leaves out of a class unless it is given {@code -parameters}. Without them a method's
 * parameters are {@code arg0, arg1...}, so a Nameko caller's keyword arguments cannot be bound by name: the service
 * is told so once when it starts, and again in the error a keyword call gets.
 */
public final class MissingParameterNames {
    private static final Logger log = LoggerFactory.getLogger(MissingParameterNames.class);
    private static final String HOW_TO_KEEP = "compile with -parameters (Maven: "
            + "<maven.compiler.parameters>true</maven.compiler.parameters> or the compiler plugin's "
            + "<parameters>true</parameters>; Gradle: options.compilerArgs << '-parameters')";

    /** Whether a class was warned about; a ClassValue, so that it keeps no class loader alive. */
    private static final ClassValue<AtomicBoolean> WARNED = new ClassValue<>() {
        @Override
        protected AtomicBoolean computeValue(Class<?> type) {
            return new AtomicBoolean();
        }
    };

    private MissingParameterNames() {
    }

    /** True when at least one parameter of {@code method} has no name in the class file. */
    public static boolean in(Method method) {
        for (Parameter p : method.getParameters()) {
            if (!p.isNamePresent()) {
                return true;
            }
        }
        return false;
    }

    /** Logs a warning, once per service class, when an entrypoint's parameter names were not compiled in. */
    public static void warnOnce(Class<?> serviceClass, List<Entrypoint> entrypoints) {
        List<String> methods = entrypoints.stream().map(Entrypoint::method).filter(MissingParameterNames::in)
                .map(Method::getName).distinct().toList();
        if (methods.isEmpty() || !WARNED.get(serviceClass).compareAndSet(false, true)) {
            return;
        }
        log.warn("{} was compiled without parameter names, so callers cannot pass keyword arguments to {}: {}",
                serviceClass.getName(), methods, HOW_TO_KEEP);
    }

    /** What to add to an error about a keyword argument that found no parameter of that name. */
    public static String hint(Class<?> declaringClass) {
        return "parameter names were not compiled into " + declaringClass.getSimpleName()
                + "; compile with -parameters to call it with keyword arguments";
    }
}
