package dev.enoki;

/** A service, an extension or a config file is declared in a way that cannot work; raised at startup. */
public final class ConfigurationError extends EnokiException {
    public ConfigurationError(String message) {
        super(message);
    }

    public ConfigurationError(String message, Throwable cause) {
        super(message, cause);
    }
}
