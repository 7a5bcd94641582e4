package dev.enoki.doctests.snippets;

import dev.enoki.Rpc;
import dev.enoki.Service;

// doc:begin greeting-service
@Service("greeting_service")
public class GreetingService {
    @Rpc
    public String hello(String name) { return "Hello, " + name + "!"; }
}
// doc:end
