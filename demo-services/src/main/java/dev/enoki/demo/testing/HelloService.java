package dev.enoki.demo.testing;

import dev.enoki.ContextData;
import dev.enoki.Rpc;
import dev.enoki.Service;

/** The service of Nameko's entrypoint-hook example: greets in the language the call's context data names. */
@Service("hello_service")
public class HelloService {

    @ContextData("language")
    String language;

    @Rpc
    public String hello(String name) {
        String greeting = switch (language == null ? "en" : language) {
            case "fr" -> "Bonjour";
            case "de" -> "Gutentag";
            default -> "Hello";
        };
        return greeting + ", " + name + "!";
    }
}
