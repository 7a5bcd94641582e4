package dev.enoki.internal.rpc;

import dev.enoki.ConfigurationError;
import dev.enoki.Fallback;
import dev.enoki.registry.ServiceRecord;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a typed proxy interface against the RPC methods that the registered instances of its service offer, so a
 * method the service does not have is found when the caller starts rather than on the first call.
 *
 * <p>A method passes when at least one instance has an RPC method of that name taking as many arguments (during a
 * rolling upgrade some instances may not have it yet). With no instance known the check cannot be made and passes:
 * the service may start later or live outside the registry, and the service itself still answers an unknown method
 * with {@code MethodNotFound}.
 */
final class ProxyContract {

    private ProxyContract() {
    }

    /** The mismatch between {@code api} and the instances of {@code service}, or null when there is none. */
    static ConfigurationError check(Class<?> api, String field, String service, List<ServiceRecord> instances) {
        List<ServiceRecord> described = instances.stream().filter(r -> !r.methods().isEmpty()).toList();
        if (described.isEmpty()) {
            return null;
        }
        List<String> problems = new ArrayList<>();
        for (Method m : api.getMethods()) {
            if (isRemote(m)) {
                String problem = problemWith(m, described);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        if (problems.isEmpty()) {
            return null;
        }
        return new ConfigurationError("@RpcProxy field " + field + " (" + api.getName() + ") does not match service '"
                + service + "': " + String.join("; ", problems) + ". The service offers: "
                + String.join(", ", offered(described)));
    }

    /** Abstract methods, and default ones a {@link Fallback} makes call out first. */
    private static boolean isRemote(Method m) {
        return (!m.isDefault() || m.isAnnotationPresent(Fallback.class)) && !Modifier.isStatic(m.getModifiers())
                && m.getDeclaringClass() != Object.class;
    }

    private static String problemWith(Method m, List<ServiceRecord> instances) {
        boolean named = false;
        for (ServiceRecord r : instances) {
            ServiceRecord.RpcMethod remote = r.method(m.getName());
            if (remote != null) {
                named = true;
                if (remote.parameters().size() == m.getParameterCount()) {
                    return null;
                }
            }
        }
        return named ? m.getName() + " takes " + m.getParameterCount() + " argument(s) but the service's "
                + m.getName() + " takes a different number"
                : m.getName() + " is not an RPC method of the service";
    }

    private static Set<String> offered(List<ServiceRecord> instances) {
        Set<String> names = new TreeSet<>();
        for (ServiceRecord r : instances) {
            for (ServiceRecord.RpcMethod method : r.methods()) {
                List<String> params = method.parameters().stream().map(ServiceRecord.Parameter::name).toList();
                names.add(method.name() + "(" + String.join(", ", params) + ")");
            }
        }
        return names;
    }
}
