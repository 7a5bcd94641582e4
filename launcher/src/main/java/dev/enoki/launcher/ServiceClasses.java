package dev.enoki.launcher;

import dev.enoki.Service;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;

import java.io.File;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the arguments of {@code run}, as {@code nameko run module[:Class]} takes them, into service classes: a class
 * name, a package (each concrete {@code @Service} class directly in it), or {@code package:Class}.
 */
public final class ServiceClasses {
    private ServiceClasses() {
    }

    /** A loader that sees the launcher's classes plus {@code --classpath}: jars or class folders. */
    public static ClassLoader loader(List<String> classpath) {
        ClassLoader parent = ServiceClasses.class.getClassLoader();
        List<URL> urls = new ArrayList<>();
        for (String entries : classpath) {
            for (String entry : entries.split("[" + File.pathSeparator + ",]")) {
                if (entry.isBlank()) {
                    continue;
                }
                Path path = Path.of(entry.trim());
                if (!Files.exists(path)) {
                    throw new LauncherException(ExitCodes.USAGE, "--classpath entry " + path + " does not exist");
                }
                try {
                    urls.add(path.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new LauncherException(ExitCodes.USAGE, "--classpath entry " + path + " is not a path", e);
                }
            }
        }
        return urls.isEmpty() ? parent : new URLClassLoader(urls.toArray(URL[]::new), parent);
    }

    public static List<Class<?>> resolve(ClassLoader loader, List<String> arguments) {
        Set<Class<?>> services = new LinkedHashSet<>();
        for (String argument : arguments) {
            services.addAll(resolve(loader, argument));
        }
        return List.copyOf(services);
    }

    private static List<Class<?>> resolve(ClassLoader loader, String argument) {
        int colon = argument.indexOf(':');
        if (colon >= 0) {
            return List.of(serviceClass(loader, argument.substring(0, colon) + "." + argument.substring(colon + 1),
                    argument));
        }
        Class<?> type = load(loader, argument);
        if (type != null) {
            return List.of(requireService(type));
        }
        List<Class<?>> inPackage = servicesIn(loader, argument);
        if (inPackage.isEmpty()) {
            throw new LauncherException(ExitCodes.NOT_A_SERVICE, "no class or package named '" + argument
                    + "' with an @Service class was found on the classpath (add its jar or folder with --classpath)");
        }
        return inPackage;
    }

    private static Class<?> serviceClass(ClassLoader loader, String className, String argument) {
        Class<?> type = load(loader, className);
        if (type == null) {
            throw new LauncherException(ExitCodes.NOT_A_SERVICE, "class " + className + " (from '" + argument
                    + "') was not found on the classpath (add its jar or folder with --classpath)");
        }
        return requireService(type);
    }

    private static Class<?> requireService(Class<?> type) {
        if (!type.isAnnotationPresent(Service.class)) {
            throw new LauncherException(ExitCodes.NOT_A_SERVICE, type.getName()
                    + " is not a service: annotate it with @Service(\"name\")");
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new LauncherException(ExitCodes.NOT_A_SERVICE, type.getName()
                    + " is abstract: a service is a concrete class with a no-argument constructor");
        }
        return type;
    }

    /** The concrete @Service classes directly in the package, by name; read from bytecode, loaded only if chosen. */
    static List<Class<?>> servicesIn(ClassLoader loader, String packageName) {
        List<Class<?>> found = new ArrayList<>();
        try (ScanResult scan = new ClassGraph().overrideClassLoaders(loader).enableAnnotationInfo()
                .acceptPackagesNonRecursive(packageName).scan()) {
            for (ClassInfo info : scan.getClassesWithAnnotation(Service.class.getName())) {
                if (!info.isAbstract() && !info.isInterface()) {
                    found.add(load(loader, info.getName()));
                }
            }
        }
        found.sort((a, b) -> a.getName().compareTo(b.getName()));
        return found;
    }

    private static Class<?> load(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return null;
        }
    }
}
