package dev.enoki.transport;

/** What becomes of a consumed request or event once its worker is done: the same decision for RPC and events. */
public enum Disposition {
    /** Done: acknowledge it (a request after its reply was sent). */
    ACK,
    /**
     * The handler never ran or was abandoned (the container was busy or being killed): give it back as it is, so this
     * or another instance takes it again.
     */
    REQUEUE,
    /**
     * The handler failed and asked for another try ({@code requeueOnError}): the transport tries again, a bounded
     * number of times where it can count them. Events only.
     */
    RETRY
}
