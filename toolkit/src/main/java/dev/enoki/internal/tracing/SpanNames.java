package dev.enoki.internal.tracing;

/**
 * The name of an RPC's spans, {@code service/method}, on both sides: kept for the last method named on each thread,
 * as a proxy or a worker pool calls or serves the same method over and over, so its name is not built per call.
 */
final class SpanNames {
    private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(() -> new Last("", "", "/"));

    private record Last(String service, String method, String name) {
        boolean names(String service, String method) {
            return this.service.equals(service) && this.method.equals(method);
        }
    }

    private SpanNames() {
    }

    static String rpc(String service, String method) {
        Last last = LAST.get();
        if (!last.names(service, method)) {
            last = new Last(service, method, service + "/" + method);
            LAST.set(last);
        }
        return last.name();
    }
}
