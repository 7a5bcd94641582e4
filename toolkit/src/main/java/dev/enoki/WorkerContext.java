package dev.enoki;

import dev.enoki.internal.container.RandomIds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker: the fresh service instance, the entrypoint that fired it, its arguments and its context data. The
 * context data (call id stack, auth token, language, user id, user agent and any other key) travels on with every
 * call and event the worker makes.
 */
public final class WorkerContext {
    public static final String CALL_ID_STACK = "call_id_stack";
    public static final String AUTH_TOKEN = "auth_token";
    public static final String LANGUAGE = "language";
    public static final String USER_ID = "user_id";
    public static final String USER_AGENT = "user_agent";
    /** Where a transport puts {@link #deliveryId()} in the context data it hands the container; never passed on. */
    public static final String DELIVERY_ID = "enoki.delivery_id";

    private final ContainerContext container;
    private final Entrypoint entrypoint;
    private final Map<String, Object> incoming;
    private Object service;
    private Object[] arguments = new Object[0];
    private long deadline;
    private long startNanos;
    /** Made on first use: most workers never ask for their ids or their context data. */
    private Ids ids;
    /** Made apart from the ids: every worker's log lines carry it, few workers need the rest. */
    private String callId;
    /** Set by a dependency that answers in place of the method. */
    private Answer answer;

    private record Answer(Object result) {
    }

    public WorkerContext(ContainerContext container, Entrypoint entrypoint, Map<String, Object> contextData) {
        this.container = container;
        this.entrypoint = entrypoint;
        this.incoming = contextData;
    }

    /** The incoming data split into data and call id stack, and this worker's own call id, made once. */
    private synchronized Ids ids() {
        if (ids == null) {
            ids = new Ids(incoming, callId(), container.options().parentCallsTracked());
        }
        return ids;
    }

    private record Ids(Map<String, Object> data, List<String> incomingStack, String callId, List<String> callIdStack) {
        Ids(Map<String, Object> contextData, String callId, int tracked) {
            this(dataOf(contextData), stackOf(contextData.get(CALL_ID_STACK)), callId, tracked);
        }

        private Ids(Map<String, Object> data, List<String> incomingStack, String callId, int tracked) {
            this(data, incomingStack, callId, trackedStack(incomingStack, callId, tracked));
        }
    }

    private static Map<String, Object> dataOf(Map<String, Object> contextData) {
        Map<String, Object> copy = new LinkedHashMap<>(contextData);
        copy.remove(CALL_ID_STACK);
        copy.remove(DELIVERY_ID);
        copy.values().removeIf(v -> v == null);
        return Collections.unmodifiableMap(copy);
    }

    private static List<String> trackedStack(List<String> incomingStack, String callId, int tracked) {
        List<String> stack = new ArrayList<>(incomingStack);
        stack.add(callId);
        return List.copyOf(stack.subList(Math.max(0, stack.size() - tracked - 1), stack.size()));
    }

    private static List<String> stackOf(Object value) {
        if (value instanceof List<?> list) {
            List<String> ids = new ArrayList<>(list.size());
            list.forEach(id -> ids.add(String.valueOf(id)));
            return ids;
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    public ContainerContext container() {
        return container;
    }

    public String serviceName() {
        return container.serviceName();
    }

    public Entrypoint entrypoint() {
        return entrypoint;
    }

    /** The name of the method the entrypoint fires. */
    public String methodName() {
        return entrypoint.method().getName();
    }

    /** The worker's own instance of the service class (null until it is made). */
    public Object service() {
        return service;
    }

    /** The bound arguments of the call. */
    public Object[] arguments() {
        return arguments.clone();
    }

    /** {@code <service>.<method>.<uuid>}: this worker's id. */
    public synchronized String callId() {
        if (callId == null) {
            callId = container.serviceName() + "." + entrypoint.method().getName() + "." + RandomIds.uuid();
        }
        return callId;
    }

    /**
     * The id of the request or event as the transport delivered it, the same each time it delivers it again; null
     * where there is none. A request's is its correlation id on RabbitMQ (unique per call for Enoki and Nameko
     * callers; none on the event bus). An event's is {@code <handler's queue>/<message id>}: Enoki's dispatchers
     * give every event a message id, Nameko's give none.
     */
    public String deliveryId() {
        Object id = incoming.get(DELIVERY_ID);
        return id == null ? null : id.toString();
    }

    /**
     * Answers the call with {@code result} in place of the method, which is then not run: for a dependency's
     * {@code workerSetup} that already knows the answer (a reply recorded for a request delivered again).
     */
    public synchronized void answer(Object result) {
        this.answer = new Answer(result);
    }

    /** Whether a dependency answered in place of the method. */
    public synchronized boolean answered() {
        return answer != null;
    }

    synchronized Object answerGiven() {
        return answer.result();
    }

    /** The ids of the calls that led here, oldest first, ending with {@link #callId()}. */
    public List<String> callIdStack() {
        return ids().callIdStack();
    }

    /** The first call id that came in, or null when this worker started the chain. */
    public String originCallId() {
        List<String> incomingStack = ids().incomingStack();
        return incomingStack.isEmpty() ? null : incomingStack.get(0);
    }

    /** The caller's call id, or null when this worker started the chain. */
    public String immediateParentCallId() {
        List<String> incomingStack = ids().incomingStack();
        return incomingStack.isEmpty() ? null : incomingStack.get(incomingStack.size() - 1);
    }

    /** The incoming context data without the call id stack. */
    public Map<String, Object> data() {
        return ids().data();
    }

    /** What travels with every outgoing call and event: {@link #data()} plus the call id stack. */
    public Map<String, Object> contextData() {
        Ids ids = ids();
        Map<String, Object> out = new LinkedHashMap<>(ids.data());
        out.put(CALL_ID_STACK, ids.callIdStack());
        return out;
    }

    public String authToken() {
        return stringOf(AUTH_TOKEN);
    }

    public String language() {
        return stringOf(LANGUAGE);
    }

    public String userId() {
        return stringOf(USER_ID);
    }

    public String userAgent() {
        return stringOf(USER_AGENT);
    }

    private String stringOf(String key) {
        Object value = ids().data().get(key);
        return value == null ? null : String.valueOf(value);
    }

    /**
     * When the caller stops waiting for this worker, epoch milliseconds; 0 when nobody waits (an event, a timer) or
     * the caller set no deadline (a Nameko caller). The worker's own calls end by then at the latest.
     */
    public long deadline() {
        return deadline;
    }

    /**
     * When the worker started, as {@link System#nanoTime()} read then: what a {@link WorkerListener} times it from,
     * since a worker that returns a future finishes after others have started on its thread.
     */
    public long startNanos() {
        return startNanos;
    }

    void started() {
        this.startNanos = System.nanoTime();
    }

    void deadline(long deadline) {
        this.deadline = deadline;
    }

    void service(Object service) {
        this.service = service;
    }

    void arguments(Object[] arguments) {
        this.arguments = arguments;
    }
}
