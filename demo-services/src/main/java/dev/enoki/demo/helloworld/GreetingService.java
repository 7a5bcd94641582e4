package dev.enoki.demo.helloworld;

import dev.enoki.Rpc;
import dev.enoki.Service;

/** Nameko's helloworld: {@code greeting_service.hello(name)}. */
@Service("greeting_service")
public class GreetingService {

    @Rpc
    public String hello(String name) {
        return "Hello, " + name + "!";
    }
}
