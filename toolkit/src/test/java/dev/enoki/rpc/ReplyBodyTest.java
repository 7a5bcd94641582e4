package dev.enoki.rpc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enoki.IncorrectSignature;
import dev.enoki.MalformedRequest;
import dev.enoki.MethodNotFound;
import dev.enoki.RemoteError;
import dev.enoki.json.Json;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyBodyTest {

    @Test
    void errorOfIsTheSetErrorDictWhereverItStandsAndNullForAGoodReply() throws Exception {
        assertThat(ReplyBody.errorOf(ReplyBody.of(Map.of("error", "in the result")))).isNull();
        assertThat(ReplyBody.errorOf(Buffer.buffer("{\"result\": [1, {\"error\": null}], \"error\": null}\n"))).isNull();
        assertThat(ReplyBody.errorOf(Buffer.buffer("{\"result\": \"hi\", \"error\": null}"))).isNull();
        assertThat(ReplyBody.errorOf(Buffer.buffer("{\"error\": false, \"result\": 1}"))).isNull();
        assertThat(ReplyBody.errorOf(ReplyBody.ofError(new MethodNotFound("add"))).path("exc_type").asText())
                .isEqualTo("MethodNotFound");
        assertThat(ReplyBody.errorOf(Buffer.buffer("{\"error\": {\"exc_type\": \"ValueError\"}, "
                + "\"result\": {\"error\":null}}")).path("exc_type").asText()).isEqualTo("ValueError");
        assertThat(ReplyBody.errorOf(Buffer.buffer("not json"))).isNull();
    }

    @Test
    void anErrorReplyIsANullResultThenTheErrorDictInNamekosKeyOrder() throws Exception {
        assertThat(ReplyBody.ofError(new MethodNotFound("add")).toString()).isEqualTo("{\"result\":null,\"error\":"
                + "{\"exc_type\":\"MethodNotFound\",\"exc_path\":\"nameko.exceptions.MethodNotFound\","
                + "\"exc_args\":[\"add\"],\"value\":\"add\"}}");
        for (Throwable error : List.of(new IllegalStateException(), new MalformedRequest("café \"x\"\n"))) {
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("result", null);
            reply.put("error", ErrorDict.of(error));
            assertThat(ReplyBody.ofError(error).getBytes()).isEqualTo(Json.mapper().writeValueAsBytes(reply));
        }
    }

    @Test
    void aReplyWrittenByAServerReadsBackAsItsResultOrItsException() throws Exception {
        assertThat(ReplyBody.<List<Integer>>result(ReplyBody.of(List.of(1, 2)), Json.type(List.class)))
                .containsExactly(1, 2);
        assertThat(ReplyBody.<String>result(ReplyBody.of(null), Json.type(String.class))).isNull();
        Buffer notFound = ReplyBody.ofError(new MethodNotFound("add"));
        assertThatThrownBy(() -> ReplyBody.result(notFound, Json.type(Object.class)))
                .isInstanceOf(MethodNotFound.class).hasMessage("add");
        assertThatThrownBy(() -> ReplyBody.result(ReplyBody.ofError(new IllegalStateException("no")),
                Json.type(Object.class))).isInstanceOf(RemoteError.class).hasMessageContaining("no");
    }

    @Test
    void aRawReplyPassesTheResultOnAsSentWhetherReadStreamingOrAsATree() {
        String result = "{\"a\":[1,2.5,\"x\",{\"b\":null}]}";
        assertThat(raw("{\"result\": " + result + ", \"error\": null}").result().toString()).isEqualTo(result);
        assertThat(raw("{\"error\": null, \"result\": 1, \"result\": " + result + "}").result().toString())
                .isEqualTo(result);
        assertThat(raw("{\"error\": null}").result().toString()).isEqualTo("null");
        assertThat(raw("{\"result\": 7, \"error\": null}").error()).isNull();
    }

    @Test
    void aRawReplyKeepsTheFirstErrorThatIsSet() {
        ObjectNode dict = ErrorDict.of(new MethodNotFound("add"));
        ReplyBody.Raw reply = raw("{\"result\": null, \"error\": null, \"error\": " + dict + ", \"error\": {}}");
        assertThat(reply.error()).isEqualTo(dict);
        assertThat(raw("{\"result\": 3, \"error\": false}").error()).isNull();
    }

    @Test
    void anErrorThatIsSetWinsOverABrokenRestOfTheReply() {
        String reply = "{\"error\": " + ErrorDict.of(new MethodNotFound("add")) + ", \"result\": [1,";
        assertThatThrownBy(() -> ReplyBody.result(Buffer.buffer(reply), Json.type(Object.class)))
                .isInstanceOf(MethodNotFound.class);
        assertThat(raw(reply).error().path("exc_type").asText()).isEqualTo("MethodNotFound");
    }

    @Test
    void aReplyThatIsNotAJsonObjectIsAMalformedReply() {
        for (String reply : List.of("", "[1]", "{\"result\": 1", "nope")) {
            assertThatThrownBy(() -> ReplyBody.result(Buffer.buffer(reply), Json.type(Object.class)))
                    .as(reply).isInstanceOf(RemoteError.class).hasMessageContaining("not a JSON object");
            assertThatThrownBy(() -> raw(reply)).as(reply).isInstanceOf(RemoteError.class);
        }
    }

    @Test
    void aResultThatDoesNotBindIsAnUnexpectedResult() {
        assertThatThrownBy(() -> ReplyBody.result(Buffer.buffer("{\"result\": \"x\", \"error\": null}"),
                Json.type(int.class))).isInstanceOf(RemoteError.class).hasMessageContaining("does not bind to int");
    }

    @Test
    void aRequestWrittenByACallerBindsToTheServersParameters() throws Exception {
        Method greet = Greeter.class.getDeclaredMethod("greet", String.class, int.class, Optional.class);
        Buffer body = RequestBody.of(List.of("Ann"), Map.of("times", 2));
        assertThat(RequestBody.bind(body, greet)).containsExactly("Ann", 2, Optional.empty());
        assertThatThrownBy(() -> RequestBody.bind(RequestBody.of(List.of(), Map.of()), greet))
                .isInstanceOf(IncorrectSignature.class).hasMessage("greet() missing required argument: 'name'");
        assertThatThrownBy(() -> RequestBody.bind(Buffer.buffer("{\"args\": []}"), greet))
                .isInstanceOf(MalformedRequest.class);
    }

    private static ReplyBody.Raw raw(String reply) {
        return ReplyBody.raw(Buffer.buffer(reply));
    }

    @SuppressWarnings("unused")
    private static final class Greeter {
        String greet(String name, int times, Optional<String> title) {
            return name.repeat(times);
        }
    }
}
