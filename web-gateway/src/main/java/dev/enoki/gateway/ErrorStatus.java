package dev.enoki.gateway;

import java.util.Map;

/** The HTTP status of a failed call, from the {@code exc_path} of Nameko's error dict. */
final class ErrorStatus {
    private static final Map<String, Integer> BY_PATH = Map.ofEntries(
            Map.entry("nameko.exceptions.MethodNotFound", 404),
            Map.entry("nameko.exceptions.UnknownService", 404),
            Map.entry("nameko.exceptions.IncorrectSignature", 400),
            Map.entry("nameko.exceptions.MalformedRequest", 400),
            Map.entry("nameko.exceptions.BadRequest", 400),
            Map.entry("nameko.exceptions.RpcTimeout", 504),
            Map.entry("nameko.exceptions.ContainerBeingKilled", 503),
            Map.entry("dev.enoki.ServiceBusy", 503),
            Map.entry("dev.enoki.CircuitOpen", 503));

    private ErrorStatus() {
    }

    static int of(String excPath) {
        return BY_PATH.getOrDefault(excPath, 500);
    }
}
