package dev.enoki.http;

import dev.enoki.Http;
import dev.enoki.Service;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds its one worker until released, to fill a container. */
@Service("slow_service")
public class SlowService {
    static volatile CountDownLatch release = new CountDownLatch(0);

    @Http(path = "/slow")
    public String slow() throws InterruptedException {
        release.await(30, TimeUnit.SECONDS);
        return "done";
    }
}
