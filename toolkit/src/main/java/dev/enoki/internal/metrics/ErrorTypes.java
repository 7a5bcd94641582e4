package dev.enoki.internal.metrics;

/** The {@code error.type} of a call, as the semantic conventions name it: the exception's simple class name. */
final class ErrorTypes {
    /** Prometheus wants every series of a name to carry the same labels, so a success is labelled too. */
    static final String NONE = "none";

    private ErrorTypes() {
    }

    static String of(Throwable error) {
        return error == null ? NONE : error.getClass().getSimpleName();
    }
}
