package dev.enoki.benchmarks;

import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Zipkin sender that counts the encoded spans it is handed and drops them: the exporter's whole work (turning
 * spans into Zipkin's model and encoding them in batches) is done, the collector's is not charged to the node.
 */
final class DiscardingZipkinSender extends BytesMessageSender.Base {
    private final LongAdder spans = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    DiscardingZipkinSender() {
        super(Encoding.JSON);
    }

    @Override
    public int messageMaxBytes() {
        return 5 * 1024 * 1024;
    }

    @Override
    public void send(List<byte[]> encodedSpans) {
        spans.add(encodedSpans.size());
        encodedSpans.forEach(span -> bytes.add(span.length));
    }

    long spans() {
        return spans.sum();
    }

    long bytes() {
        return bytes.sum();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
