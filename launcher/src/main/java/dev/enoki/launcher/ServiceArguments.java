package dev.enoki.launcher;

import dev.enoki.ConfigurationError;
import dev.enoki.EnokiClient;
import dev.enoki.ServiceRunner;
import dev.enoki.http.PortInUse;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The services a command hosts in its own process: {@code [--classpath PATHS] CLASS...}. */
public final class ServiceArguments {
    private static final long START_TIMEOUT_SECONDS = 120;

    @Option(names = "--classpath", paramLabel = "PATHS",
            description = "Jars or class folders holding the services, separated by '${sys:path.separator}' or ','.")
    List<String> classpath = new ArrayList<>();

    @Parameters(paramLabel = "CLASS", arity = "0..*",
            description = "A service class, a package (each @Service class in it) or package:Class.")
    List<String> classes = new ArrayList<>();

    public boolean isEmpty() {
        return classes.isEmpty();
    }

    /** The service classes, checked: each is a buildable service and no two share a name. */
    public List<Class<?>> resolve(JsonObject config) {
        ClassLoader loader = ServiceClasses.loader(classpath);
        Thread.currentThread().setContextClassLoader(loader);
        List<Class<?>> services = ServiceClasses.resolve(loader, classes);
        try {
            ServiceRunner check = new ServiceRunner(config);
            services.forEach(check::addService);
        } catch (ConfigurationError e) {
            throw new LauncherException(ExitCodes.NOT_A_SERVICE, e.getMessage(), e);
        }
        return services;
    }

    /** Starts the services on {@code vertx}; blocks until they run. */
    public static ServiceRunner start(Vertx vertx, JsonObject config, List<Class<?>> services) {
        try {
            return new BrokerRetry(vertx, config, System.err).start(() -> {
                ServiceRunner runner = new ServiceRunner(vertx, config);
                services.forEach(runner::addService);
                return runner.start().map(runner);
            }).await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new LauncherException(ExitCodes.UNAVAILABLE, "services did not start within "
                    + START_TIMEOUT_SECONDS + "s on " + ConnectionOptions.describeTransport(config));
        } catch (Exception e) {   // await throws a failure as it is, checked ones (a BindException) included
            throw startFailure(config, e, "services failed to start");
        }
    }

    /** Connects a client on {@code vertx}, trying again while the broker cannot be reached; blocks. */
    public static EnokiClient connect(Vertx vertx, JsonObject config) {
        try {
            return new BrokerRetry(vertx, config, System.err).start(() -> EnokiClient.connect(vertx, config))
                    .await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw startFailure(config, e, "could not connect");
        }
    }

    /** Why services (or a client) did not start, as the user can act on it; {@code what} names what failed. */
    public static LauncherException startFailure(JsonObject config, Throwable failure, String what) {
        if (failure instanceof ConfigurationError) {
            return new LauncherException(ExitCodes.CONFIG, failure.getMessage(), failure);
        }
        if (PortInUse.in(failure)) {
            return new LauncherException(ExitCodes.UNAVAILABLE, what + ": " + PortInUse.message(failure), failure);
        }
        String reason = SecretMasker.maskUri(String.valueOf(failure.getMessage()));
        if (config.containsKey("AMQP_URI")) {
            return new LauncherException(ExitCodes.UNAVAILABLE, "cannot reach "
                    + ConnectionOptions.describeTransport(config) + ": " + reason, failure);
        }
        return new LauncherException(ExitCodes.UNAVAILABLE, what + ": " + reason, failure);
    }
}
