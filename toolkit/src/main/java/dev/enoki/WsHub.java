package dev.enoki;

import dev.enoki.internal.websocket.WebSocketHubProvider;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Injects the node's {@link WebSocketHub} (Nameko's {@code WebSocketHubProvider}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyAnnotation(WebSocketHubProvider.class)
public @interface WsHub {
}
