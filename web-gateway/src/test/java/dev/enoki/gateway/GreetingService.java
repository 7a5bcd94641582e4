package dev.enoki.gateway;

import dev.enoki.Rpc;
import dev.enoki.Service;

import java.util.List;
import java.util.Map;

/** The service the gateway calls in tests. */
@Service("greeting_service")
public class GreetingService {
    @Rpc
    public String hello(String name) {
        return "Hello, " + name + "!";
    }

    @Rpc
    public Map<String, Object> greet(String name, String greeting, List<String> friends) {
        return Map.of("text", greeting + ", " + name, "friends", friends.size());
    }

    @Rpc
    public String fail(String why) {
        throw new IllegalArgumentException(why);
    }

    @Rpc
    public String sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return "slept";
    }
}
