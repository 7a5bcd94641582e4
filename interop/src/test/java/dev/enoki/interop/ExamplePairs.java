package dev.enoki.interop;

import java.util.List;

/**
 * What each of Nameko's documentation examples answers, whichever side of a mixed pair is Python: both directions'
 * tests hold their results to these.
 */
final class ExamplePairs {
    /** helloworld.py: {@code greeting_service.hello(name="Matt")}. */
    static final String HELLO = "Hello, Matt!";
    /** standalone_rpc.py: {@code service_x.remote_method("hellø")}, through service_y. */
    static final String STANDALONE_RPC = "hellø-x-y";
    /** async_rpc.py: two calls in flight. */
    static final List<String> ASYNC_RPC = List.of("hello-x-y", "world-x-y");
    /** events.py: service_b's line for the payload service_a.dispatching_method dispatched. */
    static final String EVENTS = "service b received: payload";
    /** standalone_events.py: service_b's line for the payload dispatched as service_a from outside. */
    static final String STANDALONE_EVENTS = "service b received: payløad";
    /** event_broadcast.py: the listener's line for a ping from monitor. */
    static final String BROADCAST = "pong from listener";
    /** expected_exceptions.py without a token, and with one that is no JWT (the caller's faults, both). */
    static final String EXPECTED_NO_TOKEN = "Unauthenticated";
    static final String EXPECTED_FORGED_TOKEN = "Unauthorized";
    /** sensitive_arguments.py: a login with a wrong password, and one of an unknown user. */
    static final String SENSITIVE_WRONG_LOGIN = "Unauthenticated";

    private ExamplePairs() {
    }
}
