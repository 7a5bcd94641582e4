package dev.enoki.gateway;

import dev.enoki.Rpc;
import dev.enoki.Service;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds its workers at a gate until the test opens it, to fill a container or the gateway's bulkhead. */
@Service("hold_service")
public class HoldService {
    static volatile CountDownLatch gate = new CountDownLatch(0);

    @Rpc
    public String hold() throws InterruptedException {
        gate.await(30, TimeUnit.SECONDS);
        return "released";
    }
}
