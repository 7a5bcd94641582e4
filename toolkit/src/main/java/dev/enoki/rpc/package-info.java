/**
 * Calling a service with Nameko's message bodies: the SPI that the container, both transports and the gateway share.
 *
 * <p>Each body has one owner, which writes it and reads it back, on a streaming fast path with a tree fallback:
 * <ul>
 *   <li>{@link dev.enoki.rpc.RequestBody}: {@code {"args": [...], "kwargs": {...}}}, written by a caller and bound to
 *       a method's parameters by a server;</li>
 *   <li>{@link dev.enoki.rpc.ReplyBody}: {@code {"result": ..., "error": ...}}, written by a server and read by a
 *       caller, either bound to a result type or passed on as it was sent (a gateway);</li>
 *   <li>{@link dev.enoki.rpc.ErrorDict}: {@code {"exc_type", "exc_path", "exc_args", "value"}}, the error a reply or
 *       an HTTP error response carries, and the exception a caller raises for it.</li>
 * </ul>
 * {@link dev.enoki.rpc.RpcCaller} sends a call on a transport. A transport carries bodies without reading them; it
 * writes one only to answer a request it refuses unread, with {@link dev.enoki.rpc.ReplyBody#ofError}.
 */
package dev.enoki.rpc;
