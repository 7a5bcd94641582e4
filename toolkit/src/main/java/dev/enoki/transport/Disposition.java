package dev.enoki.transport;

/** What becomes of a consumed event once its worker is done. */
public enum Disposition {
    /** Done: acknowledge it. */
    ACK,
    /** The handler never ran (the container was busy or being killed): give it back as it is. */
    REQUEUE,
    /**
     * The handler failed and asked for another try ({@code requeueOnError}): the transport tries again, a bounded
     * number of times where it can count them.
     */
    RETRY
}
