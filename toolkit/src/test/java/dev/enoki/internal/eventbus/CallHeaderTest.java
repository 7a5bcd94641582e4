package dev.enoki.internal.eventbus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallHeaderTest {

    @Test
    void everyPartReadsBackAsItWasWritten() {
        String context = "{\"call_id_stack\":[\"a.b.1\"],\"auth_token\":\"line\\nbreak\"}";
        String method = "odd\nname with a\nline break";
        String header = CallHeader.format(1_764_324_000_123L, context, method);

        CallHeader call = CallHeader.parse(header);

        assertThat(call.deadline()).isEqualTo(1_764_324_000_123L);
        assertThat(header.substring(call.contextStart(), call.contextEnd())).isEqualTo(context);
        assertThat(call.method()).isEqualTo(method);
    }

    @Test
    void noDeadlineIsZero() {
        CallHeader call = CallHeader.parse(CallHeader.format(0, "{}", "hello"));

        assertThat(call.deadline()).isZero();
        assertThat(call.method()).isEqualTo("hello");
    }

    @Test
    void malformedHeadersAreRefused() {
        assertThat(CallHeader.parse("hello")).isNull();
        assertThat(CallHeader.parse("12\n{}")).isNull();
        assertThat(CallHeader.parse("\n{}\nhello")).isNull();
        assertThat(CallHeader.parse("-5\n{}\nhello")).isNull();
        assertThat(CallHeader.parse("99999999999999999999\n{}\nhello")).isNull();
    }
}
