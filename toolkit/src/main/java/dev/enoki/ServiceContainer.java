package dev.enoki;

import dev.enoki.config.Durations;
import dev.enoki.internal.container.ContainerExtensions;
import dev.enoki.internal.container.FixedDependency;
import dev.enoki.internal.container.MissingParameterNames;
import dev.enoki.internal.container.NoEntrypoints;
import dev.enoki.internal.container.ServiceModel;
import dev.enoki.internal.container.StartFailure;
import dev.enoki.internal.container.WorkerPool;
import dev.enoki.internal.metrics.WorkerMeters;
import dev.enoki.registry.RegistryFactory;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.Transport;
import dev.enoki.transport.TransportFactory;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Hosts one service: a Vert.x verticle that owns the service's extensions, its bounded worker pool and its
 * transport. Deploy it with {@link #start(Vertx)} (or {@code vertx.deployVerticle(container)}); {@link #stop()}
 * stops taking work, lets running workers finish, then stops the dependencies; {@link #kill()} ends at once.
 * A graceful stop that has not finished within {@code shutdown_timeout} becomes a kill, so a stuck worker cannot
 * hold a node up forever; on RabbitMQ the requests it abandons go back to their queue for another instance.
 *
 * <p>The config's toolkit keys ({@code max_workers}, {@code worker_queue_size}, {@code shutdown_timeout}, ...) are
 * read once, into {@link #options()}; see {@link EnokiOptions}. {@code AMQP_URI} chooses RabbitMQ over the event bus.
 */
public class ServiceContainer implements Deployable, ContainerContext {
    private static final Logger log = LoggerFactory.getLogger(ServiceContainer.class);

    private enum State { NEW, STARTING, RUNNING, STOPPING, STOPPED, KILLED }

    private final JsonObject config;
    private final EnokiOptions options;
    private final ServiceModel model;
    private final ContainerExtensions extensions;
    private final List<WorkerListener> listeners = new CopyOnWriteArrayList<>(List.of(WorkerMeters.instance()));
    private final String instanceId = UUID.randomUUID().toString();
    private volatile State state = State.NEW;
    private Vertx vertx;
    private Context context;
    private String deploymentId;
    private ServiceRegistry registry;
    private Transport transport;
    private WorkerPool pool;
    private ServiceRecord record;

    public ServiceContainer(Class<?> serviceClass) {
        this(serviceClass, new JsonObject());
    }

    public ServiceContainer(Class<?> serviceClass, JsonObject config) {
        this.config = config.copy();
        this.options = EnokiOptions.fromJson(this.config);
        this.model = new ServiceModel(serviceClass, this);
        this.extensions = new ContainerExtensions(model);
    }

    /** Deploys this container on {@code vertx}; completes once every extension has started. */
    public Future<Void> start(Vertx vertx) {
        return vertx.deployVerticle(this).mapEmpty();
    }

    /** Graceful stop: no new work, running workers finish and reply, then dependencies and transport stop. */
    public Future<Void> stop() {
        if (deploymentId == null || state == State.STOPPED) {
            return Future.succeededFuture();
        }
        return vertx.undeploy(deploymentId);
    }

    /** Ends at once: waiting calls fail, running workers are abandoned, unacknowledged messages go back. */
    public Future<Void> kill() {
        if (state == State.KILLED || state == State.STOPPED || state == State.NEW) {
            return Future.succeededFuture();
        }
        return abandonWork()
                .eventually(() -> vertx.undeploy(deploymentId))
                .eventually(pool::close)
                .recover(e -> Future.succeededFuture());
    }

    /** The kill itself, shared by {@link #kill()} and a graceful stop whose time ran out. */
    private Future<Void> abandonWork() {
        state = State.KILLED;
        log.warn("killing {}", serviceName());
        pool.kill(serviceName() + " was killed");
        extensions.killAll();
        registry.withdraw(record == null ? emptyRecord() : record);
        return transport.kill();
    }

    @Override
    public Future<?> deploy(Context context) {
        this.vertx = context.owner();
        this.context = context;
        this.deploymentId = context.deploymentID();
        this.state = State.STARTING;
        MissingParameterNames.warnOnce(model.serviceClass(), model.entrypoints());
        NoEntrypoints.warnOnce(model.serviceClass(), model.entrypoints());
        this.registry = RegistryFactory.forVertx(vertx, config);
        this.transport = TransportFactory.forConfig(config).create(vertx, config, registry, serviceName());
        this.pool = new WorkerPool(vertx, context, serviceName(), options.maxWorkers(), options.workerQueueSize(),
                options.virtualWorkerThreads());
        return transport.start()
                .compose(v -> extensions.setUpAndStart())
                .compose(v -> registry.publish(record = describe()))
                .onSuccess(v -> {
                    state = State.RUNNING;
                    log.info("{} started on {} with {} workers", serviceName(), transport.name(), options.maxWorkers());
                })
                .recover(e -> {
                    state = State.STOPPED;   // nothing of it runs: a kill after this has nothing to end
                    StartFailure.log(serviceName(), e);
                    extensions.killAll();   // what did start (a shared server, a consumer) must not outlive us
                    return transport.kill().eventually(pool::close).transform(x -> Future.failedFuture(e));
                });
    }

    @Override
    public Future<?> undeploy(Context context) {
        if (state == State.KILLED) {
            return Future.succeededFuture();
        }
        state = State.STOPPING;
        long deadline = vertx.setTimer(options.shutdownTimeout().toMillis(), id -> shutdownTimedOut());
        return registry.withdraw(record == null ? emptyRecord() : record)
                .compose(v -> extensions.stopEntrypoints())
                .compose(v -> pool.drained())
                .compose(v -> state == State.KILLED ? Future.succeededFuture() : extensions.stopDependencies())
                .eventually(transport::stop)
                .eventually(pool::close)
                .onComplete(r -> {
                    vertx.cancelTimer(deadline);
                    log.info("{} {}", serviceName(), state == State.KILLED ? "stopped after a kill" : "stopped");
                    state = State.STOPPED;
                });
    }

    /** The graceful stop took longer than {@code shutdown_timeout}: what still runs is killed. */
    private void shutdownTimedOut() {
        if (state != State.STOPPING) {
            return;
        }
        log.warn("{}: {} calls still running or waiting after shutdown_timeout {}; killing them (unacknowledged "
                + "requests go back to the broker)", serviceName(), pool.admitted(),
                Durations.format(options.shutdownTimeout()));
        abandonWork();
    }

    /** How long a graceful stop may take before what still runs is killed ({@code shutdown_timeout}). */
    public Duration shutdownTimeout() {
        return options.shutdownTimeout();
    }

    private ServiceRecord describe() {
        ServiceRecord.Builder builder = ServiceRecord.builder(serviceName(), instanceId, registry.nodeId(), transport.name());
        model.entrypoints().forEach(e -> e.describe(builder));
        transport.describe(builder);
        return builder.build();
    }

    private ServiceRecord emptyRecord() {
        return ServiceRecord.builder(serviceName(), instanceId, registry.nodeId(), transport.name()).build();
    }

    @Override
    public <R> Future<R> spawnWorker(Entrypoint entrypoint, WorkerArguments arguments, Map<String, Object> contextData,
                                     long deadline, ResultHandler<R> handler) {
        if (state == State.KILLED) {
            return Future.failedFuture(new ContainerBeingKilled(serviceName() + " was killed"));
        }
        return new Worker<>(model, listeners, this, entrypoint, arguments, contextData, deadline, handler).submitTo(pool);
    }

    @Override
    public <S extends Extension> S shared(Object key, Supplier<S> factory) {
        if (state != State.NEW && state != State.STARTING) {
            throw new IllegalStateException("shared extensions are made during setup");
        }
        return extensions.shared(key, factory);
    }

    /** Every extension: dependencies, entrypoints and the shared extensions they made. */
    public List<Extension> extensions() {
        return extensions.all();
    }

    public List<Entrypoint> entrypoints() {
        return List.copyOf(model.entrypoints());
    }

    public List<DependencyProvider<?>> dependencies() {
        return List.copyOf(model.providers());
    }

    public void addWorkerListener(WorkerListener listener) {
        listeners.add(listener);
    }

    public void removeWorkerListener(WorkerListener listener) {
        listeners.remove(listener);
    }

    /** Before start: the dependency in field {@code name} injects {@code value} instead. */
    public void replaceDependency(String name, Object value) {
        requireNotStarted();
        model.replaceProvider(name, new FixedDependency(this, model.field(name), value));
    }

    /** Before start: only the entrypoints of these methods fire; the others are removed. */
    public void restrictEntrypoints(String... methodNames) {
        requireNotStarted();
        Set<String> keep = Set.copyOf(Arrays.asList(methodNames));
        model.entrypoints().removeIf(e -> !keep.contains(e.method().getName()));
    }

    private void requireNotStarted() {
        if (state != State.NEW) {
            throw new IllegalStateException(serviceName() + " has already started");
        }
    }

    /** The record this container published, or null before it started. */
    public ServiceRecord record() {
        return record;
    }

    public boolean isRunning() {
        return state == State.RUNNING;
    }

    @Override
    public String serviceName() {
        return model.serviceName();
    }

    @Override
    public Class<?> serviceClass() {
        return model.serviceClass();
    }

    @Override
    public JsonObject config() {
        return config;
    }

    @Override
    public EnokiOptions options() {
        return options;
    }

    @Override
    public int maxWorkers() {
        return options.maxWorkers();
    }

    @Override
    public Vertx vertx() {
        return requireStarted(vertx);
    }

    @Override
    public Transport transport() {
        return requireStarted(transport);
    }

    @Override
    public ServiceRegistry registry() {
        return requireStarted(registry);
    }

    private <T> T requireStarted(T value) {
        if (value == null) {
            throw new IllegalStateException(serviceName() + " has not been deployed yet");
        }
        return value;
    }

    @Override
    public String toString() {
        return "ServiceContainer(" + serviceName() + ")";
    }
}
