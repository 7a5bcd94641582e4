package dev.enoki;

/** Who receives an event, exactly as Nameko's handler types. */
public enum HandlerType {
    /** One instance of each subscribing service. */
    SERVICE_POOL,
    /** One instance in the whole cluster, across all services. */
    SINGLETON,
    /** Every instance of every subscribing service. */
    BROADCAST
}
