package dev.enoki.launcher;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellStatementTest {

    @Test
    void callsTakeJsonPositionalAndKeywordArguments() {
        assertThat(ShellStatement.parse("n.rpc.orders.createOrder(\"ann\", [{sku: 'mug', quantity: 2}], express=True)"))
                .isEqualTo(new ShellStatement.Call("orders", "createOrder",
                        List.of("ann", List.of(Map.of("sku", "mug", "quantity", 2))), Map.of("express", true)));
        assertThat(ShellStatement.parse("  n.greeting_service.hello()  "))
                .isEqualTo(new ShellStatement.Call("greeting_service", "hello", List.of(), Map.of()));
        assertThat(ShellStatement.parse("n.svc-name.m('a,b', None, 1.5)"))
                .isEqualTo(new ShellStatement.Call("svc-name", "m", Arrays.asList("a,b", null, 1.5), Map.of()));
    }

    @Test
    void pythonLiteralsAreReadAtAnyDepthButNotInsideStrings() {
        Map<String, Object> nested = new java.util.HashMap<>();
        nested.put("c", true);
        nested.put("d", Arrays.asList(null, Map.of("x", false)));
        assertThat(ShellStatement.parse("n.a.b({\"c\": True, 'd': [None, {x: False}]})"))
                .isEqualTo(new ShellStatement.Call("a", "b", List.of(nested), Map.of()));
        assertThat(ShellStatement.parse("n.a.b([None], flags={on: True})"))
                .isEqualTo(new ShellStatement.Call("a", "b", List.of(Arrays.asList((Object) null)),
                        Map.of("flags", Map.of("on", true))));
        // The words in strings, an escaped quote before them, and words that only begin like them stay as they are
        assertThat(ShellStatement.parse("n.a.b(\"True or None\", 'it\\'s False', {Nonesuch: 'None'})"))
                .isEqualTo(new ShellStatement.Call("a", "b",
                        List.of("True or None", "it's False", Map.of("Nonesuch", "None")), Map.of()));
    }

    @Test
    void dispatchTakesSourceEventTypeAndPayload() {
        assertThat(ShellStatement.parse("n.dispatch_event('orders', \"order_created\", {id: 7})"))
                .isEqualTo(new ShellStatement.Dispatch("orders", "order_created", Map.of("id", 7)));
    }

    @Test
    void builtinsBlankLinesAndComments() {
        assertThat(ShellStatement.parse("services")).isEqualTo(new ShellStatement.Builtin("services"));
        assertThat(ShellStatement.parse("quit")).isEqualTo(new ShellStatement.Builtin("exit"));
        assertThat(ShellStatement.parse("n.disconnect()")).isEqualTo(new ShellStatement.Builtin("exit"));
        assertThat(ShellStatement.parse("n.config")).isEqualTo(new ShellStatement.Builtin("config"));
        assertThat(ShellStatement.parse("# a comment")).isEqualTo(new ShellStatement.Empty());
        assertThat(ShellStatement.parse("")).isEqualTo(new ShellStatement.Empty());
    }

    @Test
    void malformedLinesSayWhatIsWrong() {
        assertThatThrownBy(() -> ShellStatement.parse("hello()")).hasMessageContaining("not understood");
        assertThatThrownBy(() -> ShellStatement.parse("n.a.b([1, 2)")).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> ShellStatement.parse("n.a.b(x=1, 2)")).hasMessageContaining("positional argument follows");
        assertThatThrownBy(() -> ShellStatement.parse("n.a.b(nope)")).hasMessageContaining("not a JSON value");
        assertThatThrownBy(() -> ShellStatement.parse("n.dispatch_event('a', 'b')")).hasMessageContaining("takes");
    }
}
