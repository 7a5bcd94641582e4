package dev.enoki.internal.events;

import dev.enoki.BadRequest;
import dev.enoki.ContainerBeingKilled;
import dev.enoki.ServiceBusy;
import dev.enoki.transport.Disposition;

/** What becomes of a consumed event or message once its worker ended with {@code error} (null when it returned). */
public final class HandlerDisposition {
    private HandlerDisposition() {
    }

    public static Disposition of(Throwable error, boolean requeueOnError) {
        if (error == null || error instanceof BadRequest) {
            return Disposition.ACK;   // done, or never going to work: another try would loop
        }
        if (error instanceof ServiceBusy || error instanceof ContainerBeingKilled) {
            return Disposition.REQUEUE;   // the handler never ran
        }
        return requeueOnError ? Disposition.RETRY : Disposition.ACK;
    }
}
