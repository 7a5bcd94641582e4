package dev.enoki;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * What an entrypoint hands the container as a call's arguments. Binding runs on the worker's thread, so decoding
 * a large payload never holds an event loop; it throws a {@link BadRequest} when the arguments do not fit.
 */
@FunctionalInterface
public interface WorkerArguments {

    Object[] bind(Method method);

    /** Arguments that are already Java values, one per parameter. */
    static WorkerArguments of(Object... values) {
        Object[] copy = values.clone();
        return method -> {
            if (method.getParameterCount() != copy.length) {
                throw new IncorrectSignature(method.getName() + "() takes " + method.getParameterCount()
                        + " arguments but " + copy.length + " were given");
            }
            return Arrays.copyOf(copy, copy.length);
        };
    }
}
