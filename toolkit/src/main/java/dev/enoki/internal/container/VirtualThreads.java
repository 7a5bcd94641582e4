package dev.enoki.internal.container;

import dev.enoki.ConfigurationError;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads, reached through Java 21's API by method handles: the toolkit is built for Java 17, where they do
 * not exist. {@link #perTaskExecutor} starts a named virtual thread for every task; the worker pool's permits, not
 * the executor, bound how many run.
 */
public final class VirtualThreads {
    /** The first Java release whose virtual threads are final. */
    public static final int SINCE_JAVA = 21;

    private VirtualThreads() {
    }

    /** Whether this JVM has virtual threads. */
    public static boolean available() {
        return Runtime.version().feature() >= SINCE_JAVA;
    }

    /** Refuses at once, with what to do, on a JVM without virtual threads. */
    public static void require(String setting) {
        if (!available()) {
            throw new ConfigurationError(setting + " needs Java " + SINCE_JAVA + " or later; this JVM is Java "
                    + Runtime.version().feature() + " (use platform worker threads, or run on a newer JVM)");
        }
    }

    /** Reads a setting that is {@code platform} or {@code virtual}: true for virtual, on a JVM that has them. */
    public static boolean chosen(String key, String value) {
        if (!value.equals("platform") && !value.equals("virtual")) {
            throw new ConfigurationError(key + " must be platform or virtual, not '" + value + "'");
        }
        if (value.equals("virtual")) {
            require(key + ": virtual");
        }
        return value.equals("virtual");
    }

    /** An executor that runs each task on a new virtual thread named {@code prefix} and a number. */
    public static ExecutorService perTaskExecutor(String prefix) {
        require("worker_threads: virtual");
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle start = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
            MethodHandle name = lookup.findVirtual(ofVirtual, "name",
                    MethodType.methodType(ofVirtual, String.class, long.class));
            MethodHandle factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
            MethodHandle perTask = lookup.findStatic(Executors.class, "newThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class, ThreadFactory.class));
            Object named = name.invoke(start.invoke(), prefix, 0L);
            return (ExecutorService) perTask.invoke((ThreadFactory) factory.invoke(named));
        } catch (Throwable e) {
            throw new ConfigurationError("virtual threads are not usable on this JVM: " + e, e);
        }
    }
}
