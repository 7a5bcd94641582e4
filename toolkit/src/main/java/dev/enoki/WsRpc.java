package dev.enoki;

import dev.enoki.internal.websocket.WsRpcEntrypoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves the method to websocket clients of the node's web server at {@code GET /ws} (Nameko's
 * {@code nameko.web.websocket.rpc}). The first parameter takes the caller's socket id; the others bind by name from
 * the frame's {@code data}. A frame {@code {"method": "echo", "data": {"value": 1}, "correlation_id": 7}} is answered
 * with {@code {"type": "result", "success": true, "data": 1, "correlation_id": 7}}, or with {@code "success": false}
 * and Nameko's error dict under {@code "error"}.
 *
 * <pre>{@code
 * @WsRpc
 * public String echo(String socketId, String value) { return value; }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointAnnotation(WsRpcEntrypoint.class)
public @interface WsRpc {
    /** Exceptions that are the caller's fault: logged as warnings, not failures. */
    Class<? extends Throwable>[] expectedExceptions() default {};

    /** Argument names (or dotted paths into them) never to be logged. */
    String[] sensitiveArguments() default {};
}
