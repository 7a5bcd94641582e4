package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.enoki.RemoteError;
import dev.enoki.json.Json;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nameko's reply body, {@code {"result": ..., "error": ...}}: the one place that writes it for a server and reads it
 * for a caller. Both keys are always written, as a Nameko caller reads both; {@code error} is null or an
 * {@link ErrorDict}.
 *
 * <p>Reading takes the usual reply (no error, one result) straight from the parser and falls back to JSON trees for
 * anything else: an error, a repeated key, a result that does not bind. Of repeated keys the last {@code result} and
 * the first {@code error} that is set count; an error that is set wins over what follows it.
 */
public final class ReplyBody {
    private static final int FIRST_SIZE = 128;
    private static final int MAX_READERS = 1024;
    private static final Map<JavaType, ObjectReader> READERS = new ConcurrentHashMap<>();

    private ReplyBody() {
    }

    /** A reply's result as its JSON bytes, as the service sent them, and its error dict when one is set. */
    public record Raw(Buffer result, JsonNode error) {
    }

    /** The reply of a call that returned {@code result}; fails when the result cannot be written as JSON. */
    public static Buffer of(Object result) throws IOException {
        ByteArrayBuilder out = new ByteArrayBuilder(FIRST_SIZE);
        try (JsonGenerator gen = Json.mapper().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeFieldName("result");
            ScalarValues.write(gen, result);
            gen.writeNullField("error");
            gen.writeEndObject();
        }
        return Buffer.buffer(out.toByteArray());
    }

    /** The reply of a call that failed with {@code error}: a null result and the error's dict. */
    public static Buffer ofError(Throwable error) {
        ByteArrayBuilder out = new ByteArrayBuilder(FIRST_SIZE);
        try (JsonGenerator gen = Json.mapper().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeNullField("result");
            gen.writeFieldName("error");
            gen.writeTree(ErrorDict.of(error));
            gen.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("an error dict is always JSON", e);
        }
        return Buffer.buffer(out.toByteArray());
    }

    /**
     * The reply's result bound to {@code type}. Throws the exception of its error dict when an error is set
     * ({@link ErrorDict#toException}), and a {@link RemoteError} {@code MalformedReply} or {@code UnexpectedResult}
     * when the reply is not a JSON object or its result does not bind.
     */
    public static <T> T result(Buffer reply, JavaType type) {
        byte[] bytes = reply.getBytes();
        ObjectReader reader = readerFor(type);
        Class<?> raw = type.getRawClass();
        Object[] result = scan(bytes, parser -> ScalarValues.read(parser, raw, reader));
        @SuppressWarnings("unchecked")
        T value = result != null ? (T) result[0] : bindTree(bytes, reader, type);
        return value;
    }

    /**
     * The reply read without binding its result, for one that passes it on (a gateway). The usual reply's result is
     * copied token by token, without a tree. Throws a {@link RemoteError} {@code MalformedReply} when the reply is
     * not a JSON object.
     */
    public static Raw raw(Buffer reply) {
        byte[] bytes = reply.getBytes();
        Object[] result = scan(bytes, parser -> copy(parser, bytes.length));
        if (result != null) {
            return new Raw((Buffer) result[0], null);
        }
        Parts parts = tree(bytes);
        return new Raw(Buffer.buffer(parts.result == null ? "null" : parts.result.toString()), parts.error);
    }

    /**
     * The reply's error dict when one is set, else null (also for a reply that is not JSON): for one that only
     * needs to know whether the call failed, as a trace does. The usual reply is read without a tree.
     */
    public static JsonNode errorOf(Buffer reply) {
        if (endsWithNullError(reply)) {   // read in place: the usual reply is not copied at all
            return null;
        }
        byte[] bytes = reply.getBytes();
        if (scan(bytes, parser -> {
            parser.skipChildren();
            return null;
        }) != null) {
            return null;
        }
        try {
            return tree(bytes).error;
        } catch (RemoteError e) {
            return null;
        }
    }

    /** What a good reply ends with, last token first: {@code "error": null}} with any white space between. */
    private static final byte[][] NULL_ERROR_END = {bytes("}"), bytes("null"), bytes(":"), bytes("\"error\"")};
    /** How {@link #of} ends every good reply, and how Nameko does (Python's {@code json.dumps} puts a space). */
    private static final byte[] COMPACT_NULL_ERROR_END = bytes("\"error\":null}");
    private static final byte[] SPACED_NULL_ERROR_END = bytes("\"error\": null}");
    /** How many bytes at the end of a reply are read for {@code "error": null}}. */
    private static final int NULL_ERROR_TAIL = 32;

    /**
     * True for a reply that ends {@code "error": null}}, as {@link #of} and Nameko write every good one: nothing
     * after the result can name an error, so it need not be read.
     */
    private static boolean endsWithNullError(Buffer reply) {
        // The two usual endings are read in place, as every call's reply is checked (by a breaker, a retry, a
        // trace); any other white space is rare, and read from one copy of the tail; a tail of more white space than
        // this is not the usual reply, and the parser decides.
        int length = reply.length();
        if (endsWith(reply, length, COMPACT_NULL_ERROR_END) || endsWith(reply, length, SPACED_NULL_ERROR_END)) {
            return true;
        }
        byte[] tail = reply.getBytes(Math.max(0, length - NULL_ERROR_TAIL), length);
        int at = tail.length;
        for (byte[] token : NULL_ERROR_END) {
            while (at > 0 && isSpace(tail[at - 1])) {
                at--;
            }
            if (at < token.length
                    || !Arrays.equals(tail, at - token.length, at, token, 0, token.length)) {
                return false;
            }
            at -= token.length;
        }
        return true;
    }

    private static boolean endsWith(Buffer reply, int length, byte[] end) {
        if (length < end.length) {
            return false;
        }
        for (int i = 0, at = length - end.length; i < end.length; i++, at++) {
            if (reply.getByte(at) != end[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** Reads one value at the parser's current token. */
    private interface ValueReader {
        Object read(JsonParser parser) throws IOException;
    }

    /**
     * The usual reply (error null or false, one result), its result read by {@code value}, as a one-element array;
     * null when anything is unusual, so the tree reading decides.
     */
    private static Object[] scan(byte[] bytes, ValueReader value) {
        Object[][] result = new Object[1][];
        boolean usual = ObjectFields.walk(bytes, (field, token, parser) -> {
            if ("error".equals(field)) {
                return token == JsonToken.VALUE_NULL || token == JsonToken.VALUE_FALSE;
            }
            if ("result".equals(field)) {
                if (result[0] != null) {
                    return false;
                }
                result[0] = new Object[] {value.read(parser)};
                return true;
            }
            parser.skipChildren();
            return true;
        });
        return usual ? result[0] : null;
    }

    private static Buffer copy(JsonParser parser, int replySize) throws IOException {
        ByteArrayBuilder out = new ByteArrayBuilder(Math.max(16, replySize));
        try (JsonGenerator generator = Json.mapper().createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        return Buffer.buffer(out.toByteArray());
    }

    /** A reply's result and set error as trees; either may be null. */
    private record Parts(JsonNode result, JsonNode error) {
    }

    private static Parts tree(byte[] bytes) {
        JsonNode result = null;
        JsonNode error = null;
        try (JsonParser parser = Json.mapper().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformedReply();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("error".equals(field) && error == null) {
                    JsonNode value = parser.readValueAsTree();
                    error = isSet(value) ? value : null;
                } else if ("result".equals(field)) {
                    result = parser.readValueAsTree();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            if (error == null) {
                throw malformedReply();
            }
        }
        return new Parts(result, error);
    }

    private static boolean isSet(JsonNode error) {
        return error != null && !error.isNull() && !(error.isBoolean() && !error.asBoolean());
    }

    private static <T> T bindTree(byte[] bytes, ObjectReader reader, JavaType type) {
        Parts parts = tree(bytes);
        if (parts.error != null) {
            throw ErrorDict.toException(parts.error);
        }
        try {
            return reader.readValue(parts.result == null ? NullNode.getInstance() : parts.result);
        } catch (IOException | IllegalArgumentException e) {
            throw new RemoteError("UnexpectedResult", "dev.enoki.UnexpectedResult", List.of(),
                    "result does not bind to " + type.toCanonical() + ": " + JsonMessages.firstLine(e.getMessage()));
        }
    }

    /** Readers are immutable and costly to make; a program asks for few result types, so keep some. */
    private static ObjectReader readerFor(JavaType type) {
        ObjectReader reader = READERS.get(type);
        if (reader == null) {
            reader = Json.mapper().readerFor(type);
            if (READERS.size() < MAX_READERS) {
                READERS.put(type, reader);
            }
        }
        return reader;
    }

    private static RemoteError malformedReply() {
        return new RemoteError("MalformedReply", "dev.enoki.MalformedReply", List.of(), "reply is not a JSON object");
    }
}
