package dev.enoki;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A remote method raised an exception that has no local class: keeps the remote type, path, arguments and message
 * exactly as Nameko's error dict carries them.
 */
public class RemoteError extends EnokiException {
    private final String excType;
    private final String excPath;
    private final List<Object> excArgs;
    private final String value;

    public RemoteError(String excType, String excPath, List<Object> excArgs, String value) {
        super(excType + " " + value);
        this.excType = excType;
        this.excPath = excPath;
        this.excArgs = Collections.unmodifiableList(new ArrayList<>(excArgs));
        this.value = value;
    }

    /** The remote exception's bare class name, e.g. {@code ValueError}. */
    public String excType() {
        return excType;
    }

    /** The remote exception's full path, e.g. {@code builtins.ValueError} or {@code com.acme.OutOfStock}. */
    public String excPath() {
        return excPath;
    }

    /** The remote exception's arguments, made JSON-safe by the sender. */
    public List<Object> excArgs() {
        return excArgs;
    }

    /** The remote exception's message. */
    public String value() {
        return value;
    }
}
