package dev.enoki.internal.tracing;

import dev.enoki.WorkerContext;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;

/**
 * What every log line written inside a worker carries in SLF4J's MDC: the call id ({@value #CALL_ID}) and, when the
 * worker is traced, its trace and span ids ({@value #TRACE_ID}, {@value #SPAN_ID}), so a line leads to its call and
 * its trace. Set on the worker's thread when the worker starts, removed when it ends.
 */
public final class WorkerLogContext {
    public static final String CALL_ID = "call_id";
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";

    private WorkerLogContext() {
    }

    /** {@code span} is null when the worker is not traced. */
    public static void enter(WorkerContext worker, WorkerSpan span) {
        MDC.put(CALL_ID, worker.callId());
        if (span != null) {
            SpanContext ids = span.span().getSpanContext();
            if (ids.isValid()) {   // without an SDK installed the ids are all zeros: no use in a log line
                MDC.put(TRACE_ID, ids.getTraceId());
                MDC.put(SPAN_ID, ids.getSpanId());
            }
        }
    }

    /** {@code span} as given to {@link #enter}: an untraced worker removes only the call id it put. */
    public static void leave(WorkerSpan span) {
        MDC.remove(CALL_ID);
        if (span != null) {
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
        }
    }
}
