package dev.enoki.reliability.proxy;

/** Which way bytes flow through a {@link FaultProxy}: from the connecting side to the target, or back. */
public enum Direction {
    /** From whoever connected to the proxy (a node, a client) to the target (the broker, another member). */
    TO_TARGET,
    /** From the target back to whoever connected. */
    TO_CLIENT
}
