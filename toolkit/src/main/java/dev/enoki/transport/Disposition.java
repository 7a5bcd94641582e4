package dev.enoki.transport;

/** What becomes of a consumed event once its worker is done. */
public enum Disposition {
    /** Done: acknowledge it. */
    ACK,
    /** Failed with requeue-on-error: give it back for another try. */
    REQUEUE
}
