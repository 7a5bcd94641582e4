package dev.enoki.internal.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enoki.RemoteError;
import dev.enoki.rpc.ErrorDict;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * Errors on spans under their Nameko names: {@code error.type} is the {@code exc_type} a Nameko caller sees
 * ({@code MethodNotFound}, {@code ValueError}), the exception event's {@code exception.type} its {@code exc_path}
 * ({@code nameko.exceptions.MethodNotFound}, {@code builtins.ValueError}), so Java and Python services read alike.
 */
public final class SpanErrors {
    private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

    private SpanErrors() {
    }

    /**
     * An exception a worker raised, named as its reply names it: a {@link RemoteError} passed on is a
     * {@code RemoteError}, as Nameko passes it on.
     */
    public static void recordRaised(Span span, Throwable error) {
        record(span, error.getClass().getSimpleName(), ErrorDict.pathOf(error.getClass()),
                error.getMessage() == null ? "" : error.getMessage());
    }

    /** A call's failure as its caller got it: a {@link RemoteError} under the remote exception's names. */
    public static void recordReceived(Span span, Throwable error) {
        if (error instanceof RemoteError remote) {
            record(span, remote.excType(), remote.excPath(), remote.value());
        } else {
            recordRaised(span, error);
        }
    }

    /** The error dict of a reply. */
    public static void record(Span span, JsonNode errorDict) {
        record(span, errorDict.path("exc_type").asText("Unknown"), errorDict.path("exc_path").asText(""),
                errorDict.path("value").asText(""));
    }

    private static void record(Span span, String type, String path, String message) {
        span.setAttribute(Tracing.ERROR_TYPE, type);
        span.addEvent("exception", Attributes.of(EXCEPTION_TYPE, path, EXCEPTION_MESSAGE, message));
        span.setStatus(StatusCode.ERROR, type);
    }
}
