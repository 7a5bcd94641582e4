package dev.enoki.internal.tracing;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/** Finds finished spans by kind and name, waiting for them: a server's span ends after its reply has left. */
final class TraceAssertions {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private TraceAssertions() {
    }

    static SpanData span(OpenTelemetryExtension otel, SpanKind kind, String name) {
        try {
            return await().atMost(WAIT).until(() -> find(otel.getSpans(), kind, name), Optional::isPresent).orElseThrow();
        } catch (RuntimeException e) {
            throw new AssertionError("no " + kind + " span " + name + " among " + otel.getSpans().stream()
                    .map(s -> s.getKind() + " " + s.getName()).toList(), e);
        }
    }

    private static Optional<SpanData> find(List<SpanData> spans, SpanKind kind, String name) {
        return spans.stream().filter(s -> s.getKind() == kind && s.getName().equals(name)).findFirst();
    }

    static boolean isChildOf(SpanData child, SpanData parent) {
        return child.getTraceId().equals(parent.getTraceId()) && child.getParentSpanId().equals(parent.getSpanId());
    }
}
