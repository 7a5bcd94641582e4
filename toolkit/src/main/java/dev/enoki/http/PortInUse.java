package dev.enoki.http;

import java.net.BindException;
import java.util.Locale;

/**
 * A server that cannot listen because its address is taken, most often by another process: said with the address
 * and the setting that moves it, instead of the JDK's bare "Address already in use".
 */
public final class PortInUse {
    private PortInUse() {
    }

    /**
     * {@code failure} as a {@link BindException} that names {@code address} ({@code host:port}) and says what to do
     * ({@code remedy}) when it is a taken address; any other failure as it is.
     */
    public static Throwable explain(Throwable failure, String address, String remedy) {
        if (!in(failure)) {
            return failure;
        }
        BindException explained = new BindException(address + " is already in use (another process listens there): "
                + remedy);
        explained.initCause(failure);
        return explained;
    }

    /** Whether the failure, or one of its causes, is an address that is taken. */
    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // Netty's native transports say it in an IOException of their own
            if (t instanceof BindException || String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT)
                    .contains("address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** The first explained message among the failure and its causes, or the failure's own. */
    public static String message(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException && t.getMessage() != null && t.getMessage().contains(" is already in use")) {
                return t.getMessage();
            }
        }
        return String.valueOf(failure.getMessage());
    }
}
