package dev.enoki.internal.amqp;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The executor a connection's consumers run on: none of its own, so each delivery is handled on the connection's
 * reader thread, the one that read it from the socket. The client's default, a pool it wakes per delivery, adds a
 * thread hop to every request a service receives and every reply a caller receives. Enoki's delivery handlers only
 * check a message and hand it on (to a worker, to the caller's event loop, or to {@link CallerContinuations}), and
 * never wait on the broker, so the reader is not held up; a handler that throws is logged by the connection's
 * exception handler.
 */
final class DeliverOnReader extends AbstractExecutorService {
    @Override
    public void execute(Runnable task) {
        task.run();
    }

    /** Shared by every connection and never stopped: there is nothing to stop. */
    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }
}
