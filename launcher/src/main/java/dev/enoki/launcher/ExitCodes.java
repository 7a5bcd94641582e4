package dev.enoki.launcher;

/** What the {@code enoki} command exits with; the launcher's README lists them for scripts. */
public final class ExitCodes {
    /** Done; for {@code run}, stopped gracefully after a signal. */
    public static final int OK = 0;
    /** Something unexpected; the message says what. */
    public static final int SOFTWARE = 1;
    /** The command line is wrong: unknown option, missing argument, malformed JSON argument. */
    public static final int USAGE = 2;
    /** The config file cannot be read or does not parse. */
    public static final int CONFIG = 3;
    /** A class or package was not found, is not a service, or its service cannot be built. */
    public static final int NOT_A_SERVICE = 4;
    /** The broker cannot be reached, no node of the cluster answered, or the services failed to start. */
    public static final int UNAVAILABLE = 5;
    /** The remote method raised: its type and message are printed. */
    public static final int REMOTE_ERROR = 6;
    /** No instance of the service answered: unknown service or timeout. */
    public static final int NO_ANSWER = 7;
    /** An option asks for a part this build does not contain (AMQP, clustering, the gateway). */
    public static final int NOT_IN_THIS_BUILD = 8;
    /** {@code run} was killed by a second signal before it had stopped gracefully. */
    public static final int KILLED = 130;

    private ExitCodes() {
    }
}
