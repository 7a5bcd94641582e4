package dev.enoki.launcher;

/** A failure the launcher reports as one clear line and an exit code, without a stack trace. */
public final class LauncherException extends RuntimeException {
    private final int exitCode;

    public LauncherException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public LauncherException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
