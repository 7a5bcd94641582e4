package dev.enoki.internal.tracing;

import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.EventHandler;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;
import dev.enoki.ServiceProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A front service that calls a back service and dispatches an event the back service handles. */
final class TracedServices {
    static final BlockingQueue<String> RELAYED = new LinkedBlockingQueue<>();

    private TracedServices() {
    }

    public static class OutOfTea extends Exception {
        public OutOfTea(String message) {
            super(message);
        }
    }

    @Service("traced_front")
    public static class Front {
        private static final Logger log = LoggerFactory.getLogger(Front.class);

        @RpcProxy("traced_back")
        ServiceProxy back;

        @EventDispatcher
        Dispatcher dispatcher;

        @Rpc
        public String relay(String word) {
            log.info("relaying {}", word);
            dispatcher.dispatch("relayed", word);
            return back.call("echo", String.class, word);
        }

        @Rpc
        public String brew() {
            return back.call("brew", String.class);
        }
    }

    @Service("traced_back")
    public static class Back {
        @Rpc
        public String echo(String word) {
            return word;
        }

        @Rpc(expectedExceptions = OutOfTea.class)
        public String brew() throws OutOfTea {
            throw new OutOfTea("no tea left");
        }

        @EventHandler(source = "traced_front", event = "relayed")
        public void onRelayed(String word) {
            RELAYED.add(word);
        }
    }
}
