package dev.enoki.demo.http;

import dev.enoki.Http;
import dev.enoki.Service;

import java.util.Optional;

/**
 * Nameko's {@code http_exceptions.py}: an exception of the service's own becomes a JSON error with its status.
 * (Named apart from {@code http_service} so both examples can run on one node.)
 */
@Service("http_exceptions_service")
public class HttpExceptionsService {

    @Http(method = "GET", path = "/custom_exception")
    public Object customException(Optional<String> foo) {
        return HttpError.respond(() -> {
            if (foo.isEmpty()) {
                throw new InvalidArgumentsError("Argument `foo` is required.");
            }
            return "foo is " + foo.get();
        });
    }
}
