package dev.enoki.internal.events;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.enoki.IncorrectSignature;
import dev.enoki.MalformedRequest;
import dev.enoki.json.Json;

import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Binds the JSON body of an event or a plain message to the one parameter of its handler: a body that is not JSON
 * is a {@link MalformedRequest}, one that does not fit the parameter an {@link IncorrectSignature}.
 */
public final class PayloadReader {
    private final Type type;
    private final ObjectReader reader;
    private final String what;

    /** @param what names the body in error messages: {@code event payload}, {@code message body} */
    public PayloadReader(Type type, String what) {
        this.type = type;
        this.reader = Json.mapper().readerFor(Json.type(type));
        this.what = what;
    }

    public Object read(byte[] body) {
        try {
            return reader.readValue(body);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            // Binding stops at the first token that does not fit, before a syntax error or excess depth further on.
            String syntaxError = syntaxError(body);
            if (syntaxError != null) {
                throw new MalformedRequest(what + " is not JSON: " + syntaxError);
            }
            throw new IncorrectSignature(what + " does not bind to " + type.getTypeName() + ": "
                    + e.getOriginalMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedRequest(what + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedRequest(what + " is not JSON: " + e.getMessage());
        }
    }

    /** Why the body is not well-formed JSON within the mapper's limits, or null when it is; reads tokens only. */
    private static String syntaxError(byte[] body) {
        try (com.fasterxml.jackson.core.JsonParser parser = Json.mapper().createParser(body)) {
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
            return null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return e.getOriginalMessage();
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
