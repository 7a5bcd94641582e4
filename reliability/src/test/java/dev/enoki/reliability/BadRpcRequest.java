package dev.enoki.reliability;

import com.rabbitmq.client.AMQP;

import java.util.List;
import java.util.Map;

import static dev.enoki.reliability.BadBodies.utf8;

/**
 * The ways an RPC request on {@code rpc-poison} can be wrong, each with the typed error the service must answer
 * (null: it cannot be answered, as it names no {@code reply_to}).
 */
enum BadRpcRequest {
    INVALID_JSON("echo", "MalformedRequest"),
    TRUNCATED("echo", "MalformedRequest"),
    MISSING_ARGS("echo", "MalformedRequest"),
    ARGS_NOT_A_LIST("echo", "MalformedRequest"),
    BODY_NOT_AN_OBJECT("echo", "MalformedRequest"),
    WRONG_TYPES("add", "IncorrectSignature"),
    WRONG_ARITY("add", "IncorrectSignature"),
    UNKNOWN_KEYWORD("add", "IncorrectSignature"),
    DEEP_NESTING("echo", "MalformedRequest"),
    FOREIGN_CONTENT_TYPE("echo", "MalformedRequest"),
    NO_CONTENT_TYPE("echo", "MalformedRequest"),
    NO_CORRELATION_ID("add", "IncorrectSignature"),
    UNKNOWN_METHOD("no_such_method", "MethodNotFound"),
    NO_REPLY_TO("echo", null),
    /** Over the node's {@code max_message_size}; only a few, as they are big. */
    HUGE("echo", "MalformedRequest");

    static final int HUGE_BYTES = 2 * 1024 * 1024;
    private static final List<BadRpcRequest> SMALL = List.of(values()).subList(0, values().length - 1);

    final String method;
    final String expectedError;

    BadRpcRequest(String method, String expectedError) {
        this.method = method;
        this.expectedError = expectedError;
    }

    /** The kind of the {@code n}th of {@code count} requests: {@code huge} of them HUGE, the rest in turn. */
    static BadRpcRequest nth(int n, int count, int huge) {
        return n >= count - huge ? HUGE : SMALL.get(n % SMALL.size());
    }

    boolean answerable() {
        return expectedError != null;
    }

    byte[] body(String id, int seed) {
        String good = "{\"args\": [\"" + id + "\"], \"kwargs\": {}}";
        return switch (this) {
            case INVALID_JSON -> BadBodies.invalidJson(seed);
            case TRUNCATED -> BadBodies.truncated(good, seed);
            case MISSING_ARGS -> utf8(seed % 2 == 0 ? "{\"kwargs\": {}}" : "{\"text\": \"" + id + "\"}");
            case ARGS_NOT_A_LIST -> utf8("{\"args\": \"" + id + "\", \"kwargs\": {}}");
            case BODY_NOT_AN_OBJECT -> utf8(seed % 3 == 0 ? "[\"" + id + "\"]" : seed % 3 == 1 ? "42" : "null");
            case WRONG_TYPES -> utf8("{\"args\": [\"one\", {\"two\": 2}], \"kwargs\": {}}");
            case WRONG_ARITY -> utf8("{\"args\": [1, 2, " + seed + "], \"kwargs\": {}}");
            case UNKNOWN_KEYWORD -> utf8("{\"args\": [1], \"kwargs\": {\"c\": " + seed + "}}");
            case DEEP_NESTING -> utf8("{\"args\": [" + BadBodies.nested(1_000 + seed % 1_000, "1") + "], \"kwargs\": {}}");
            case FOREIGN_CONTENT_TYPE -> utf8("args: [" + id + "]\nkwargs: {}\n");
            case NO_CONTENT_TYPE, UNKNOWN_METHOD, NO_REPLY_TO -> utf8(good);
            case NO_CORRELATION_ID -> utf8("{\"args\": [\"x\", \"y\"], \"kwargs\": {}}");
            case HUGE -> BadBodies.huge(HUGE_BYTES, "{\"args\": [", "], \"kwargs\": {}}");
        };
    }

    /** Nameko's properties, less what this kind leaves out; the id is the message id and the caller's call id. */
    AMQP.BasicProperties properties(String id, String replyTo) {
        AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).priority(0)
                .headers(Map.of("nameko.call_id_stack", List.of("fault.probe." + id)))
                .messageId(id).correlationId(id).replyTo(replyTo);
        return switch (this) {
            case FOREIGN_CONTENT_TYPE -> props.contentType(id.hashCode() % 2 == 0 ? "application/x-yaml"
                    : "application/x-python-serialize").build();
            case NO_CONTENT_TYPE -> props.contentType(null).contentEncoding(null).build();
            case NO_CORRELATION_ID -> props.correlationId(null).build();
            case NO_REPLY_TO -> props.replyTo(null).build();
            default -> props.build();
        };
    }
}
