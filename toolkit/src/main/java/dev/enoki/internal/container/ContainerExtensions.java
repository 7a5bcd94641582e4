package dev.enoki.internal.container;

import dev.enoki.Extension;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A container's extensions in Nameko's order: dependencies, entrypoints and the shared extensions those made
 * (an RPC server, a web server lease). Dependencies start first and stop last, so a worker never meets a stopped
 * one; entrypoints start last and stop first, so no new work arrives while the rest is going.
 */
public final class ContainerExtensions {
    private static final Logger log = LoggerFactory.getLogger(ContainerExtensions.class);

    private final ServiceModel model;
    private final Map<Object, Extension> shared = new LinkedHashMap<>();

    public ContainerExtensions(ServiceModel model) {
        this.model = model;
    }

    /** The one shared extension under {@code key}, made by {@code factory} the first time it is asked for. */
    @SuppressWarnings("unchecked")
    public synchronized <S extends Extension> S shared(Object key, Supplier<S> factory) {
        return (S) shared.computeIfAbsent(key, k -> factory.get());
    }

    public Future<Void> setUpAndStart() {
        return each(model.providers(), Extension::setup)
                .compose(v -> each(model.entrypoints(), Extension::setup))
                .compose(v -> each(shared(), Extension::setup))
                .compose(v -> each(model.providers(), Extension::start))
                .compose(v -> each(shared(), Extension::start))
                .compose(v -> each(model.entrypoints(), Extension::start));
    }

    /** The first half of a graceful stop: nothing new comes in. */
    public Future<Void> stopEntrypoints() {
        return each(model.entrypoints(), Extension::stop).compose(v -> each(shared(), Extension::stop));
    }

    /** The last half, once the workers are done with them. */
    public Future<Void> stopDependencies() {
        return each(model.providers(), Extension::stop);
    }

    public void killAll() {
        for (Extension e : all()) {
            try {
                e.kill();
            } catch (RuntimeException ex) {
                log.warn("{} failed to die quietly", e, ex);
            }
        }
    }

    public List<Extension> all() {
        List<Extension> all = new ArrayList<>(model.providers());
        all.addAll(model.entrypoints());
        all.addAll(shared());
        return all;
    }

    private synchronized List<Extension> shared() {
        return List.copyOf(shared.values());
    }

    private static <E extends Extension> Future<Void> each(List<E> extensions, Function<E, Future<Void>> step) {
        Future<Void> chain = Future.succeededFuture();
        for (E e : extensions) {
            chain = chain.compose(v -> step.apply(e));
        }
        return chain;
    }
}
