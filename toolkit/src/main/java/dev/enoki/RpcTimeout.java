package dev.enoki;

/** A call's deadline passed before its reply came. */
public final class RpcTimeout extends EnokiException {
    public RpcTimeout(String message) {
        super(message);
    }
}
