package dev.enoki.internal.rpc;

import dev.enoki.AbstractDependencyProvider;
import dev.enoki.ConfigurationError;
import dev.enoki.RpcProxy;
import dev.enoki.ServiceProxy;
import dev.enoki.WorkerContext;
import dev.enoki.config.Durations;
import dev.enoki.internal.resilience.CallPolicies;
import dev.enoki.rpc.CallGuard;
import dev.enoki.rpc.RpcCaller;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * {@code @RpcProxy("service")}: gives each worker a proxy that carries the worker's context data (call id stack,
 * auth token, ...) on every call. The field is a {@link ServiceProxy} or a plain Java interface; an interface is
 * checked at setup against the methods the registry lists for the service ({@link ProxyContract}).
 */
public final class RpcProxyProvider extends AbstractDependencyProvider<RpcProxy, Object> {
    private static final Logger log = LoggerFactory.getLogger(RpcProxyProvider.class);
    private Duration timeout;
    private boolean traced;
    private CallGuard policies;

    public RpcProxyProvider() {
        super(RpcProxy.class);
    }

    @Override
    public Future<Void> setup() {
        Class<?> type = field.getType();
        if (type != ServiceProxy.class && !type.isInterface()) {
            return Future.failedFuture(new ConfigurationError("@RpcProxy field " + field.getName()
                    + " must be a ServiceProxy or an interface, not " + type.getName()));
        }
        timeout = annotation.timeout().isEmpty() ? container.options().rpcTimeout()
                : Durations.parse(annotation.timeout());
        traced = container.options().tracing();
        CallPolicies shared = container.shared(CallPolicies.class, () -> new CallPolicies(container));
        shared.willCall(annotation.value());
        try {
            policies = shared.forProxy(annotation.attempts(), annotation.maxInFlight());
        } catch (ConfigurationError e) {
            return Future.failedFuture(new ConfigurationError("@RpcProxy field " + field.getName() + ": "
                    + e.getMessage()));
        }
        if (type == ServiceProxy.class) {
            return Future.succeededFuture();
        }
        String badFallback = TypedProxy.checkFallbacks(type);
        if (badFallback != null) {
            return Future.failedFuture(new ConfigurationError(badFallback));
        }
        return container.registry().instances(annotation.value()).compose(instances -> {
            ConfigurationError mismatch = ProxyContract.check(type, field.getName(), annotation.value(), instances);
            if (instances.isEmpty()) {
                log.debug("{}: no instance of '{}' is known yet, so {} is not checked against it",
                        container.serviceName(), annotation.value(), type.getName());
            }
            return mismatch == null ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(mismatch);
        });
    }

    @Override
    public Object get(WorkerContext worker) {
        RpcCaller caller = new RpcCaller(container.transport(), worker.contextData())
                .withBudget(worker.deadline()).traced(traced).guardedBy(policies);
        if (field.getType() == ServiceProxy.class) {
            return new UntypedProxy(caller, annotation.value(), timeout);
        }
        return TypedProxy.create(field.getType(), caller, annotation.value(), timeout);
    }
}
