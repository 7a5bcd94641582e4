package dev.enoki.internal.tracing;

import dev.enoki.RemoteError;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;
import dev.enoki.ServiceProxy;
import dev.enoki.testing.ContainerFactory;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.enoki.internal.tracing.TraceAssertions.isChildOf;
import static dev.enoki.internal.tracing.TraceAssertions.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The span of a worker whose method returns a future: current while its code runs, ended with its future. */
class NonBlockingSpansTest {
    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    /** Whether a span was current in the callback that ran once the downstream reply was in. */
    static final Queue<Boolean> spanInCallback = new ConcurrentLinkedQueue<>();

    private final ContainerFactory factory = new ContainerFactory(new JsonObject().put("tracing", true));

    @Service("traced_later")
    public static class Later {
        @RpcProxy("traced_echo")
        ServiceProxy echo;

        @Rpc
        public Future<String> relay(String word) {
            return echo.callAsync("echo", String.class, word).map(reply -> {
                spanInCallback.add(Span.current().getSpanContext().isValid());
                return reply + "!";
            });
        }

        @Rpc
        public Future<String> refuse() {
            return Future.failedFuture(new IllegalStateException("not now"));
        }
    }

    @Service("traced_echo")
    public static class Echo {
        @Rpc
        public String echo(String word) {
            return word;
        }
    }

    @AfterEach
    void close() {
        factory.close();
        spanInCallback.clear();
    }

    @Test
    void theWorkersSpanParentsItsCallsEndsAfterThemAndLeavesTheEventLoopWhileItWaits() {
        factory.start(Echo.class);
        factory.start(Later.class);

        assertThat(factory.client().proxy("traced_later").call("relay", String.class, "tea")).isEqualTo("tea!");

        SpanData server = span(otel, SpanKind.SERVER, "traced_later/relay");
        SpanData call = span(otel, SpanKind.CLIENT, "traced_echo/echo");
        assertThat(isChildOf(call, server)).isTrue();
        assertThat(server.getEndEpochNanos()).isGreaterThanOrEqualTo(call.getEndEpochNanos());
        assertThat(spanInCallback).containsExactly(false);
    }

    @Test
    void aFailedFutureIsTheSpansError() {
        factory.start(Later.class);

        assertThatThrownBy(() -> factory.client().proxy("traced_later").call("refuse"))
                .isInstanceOf(RemoteError.class);

        SpanData server = span(otel, SpanKind.SERVER, "traced_later/refuse");
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(server.getAttributes().get(Tracing.ERROR_TYPE)).isEqualTo("IllegalStateException");
    }
}
