package dev.enoki.discovery.nodes;

import dev.enoki.Rpc;
import dev.enoki.Service;

/** Answers with the name of the node that ran the call, so tests see where each call went. */
@Service("greeter")
public class GreeterService {

    @Rpc
    public String hello(String name) {
        return "Hello, " + name + "! from " + TestNode.name();
    }

    @Rpc
    public String node() {
        return TestNode.name();
    }
}
