package dev.enoki.launcher;

import dev.enoki.BadRequest;
import dev.enoki.RemoteError;
import dev.enoki.RpcTimeout;
import dev.enoki.UnknownService;

/** How a failed call reads on the console, and the exit code it gives {@code call}. */
final class CallFailure {
    private CallFailure() {
    }

    /** {@code ExcType: message}, as Nameko prints a remote error. */
    static String describe(Throwable error) {
        if (error instanceof RemoteError remote) {
            return remote.excType() + ": " + remote.value();
        }
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    static int exitCode(Throwable error) {
        if (error instanceof UnknownService || error instanceof RpcTimeout) {
            return ExitCodes.NO_ANSWER;
        }
        if (error instanceof RemoteError || error instanceof BadRequest || error instanceof dev.enoki.EnokiException) {
            return ExitCodes.REMOTE_ERROR;
        }
        return ExitCodes.SOFTWARE;
    }
}
