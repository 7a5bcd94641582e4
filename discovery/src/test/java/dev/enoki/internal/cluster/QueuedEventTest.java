package dev.enoki.internal.cluster;

import dev.enoki.transport.EventMessage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueuedEventTest {

    @Test
    void anEventReadsBackWithItsBodyBytesAndContextData() {
        byte[] body = {'{', '"', 'a', '"', ':', (byte) 0xC3, (byte) 0xA9, '}', (byte) 0xFF};   // not even UTF-8
        EventMessage event = new EventMessage("orders", "created", Buffer.buffer(body),
                Map.of("call_id_stack", List.of("a.b.1"), "auth_token", "t"));

        QueuedEvent back = QueuedEvent.decode(QueuedEvent.of(event).encode());

        assertThat(back.body().getBytes()).isEqualTo(body);
        assertThat(back.deliveries()).isZero();
        EventMessage message = back.message("orders", "created");
        assertThat(message.context()).containsEntry("auth_token", "t");
        assertThat(String.valueOf(message.context().get("call_id_stack"))).isEqualTo("[a.b.1]");
    }

    @Test
    void eachDeliveryIsCountedAndTheIdKept() {
        QueuedEvent event = QueuedEvent.of(new EventMessage("s", "e", Buffer.buffer("1"), Map.of()));
        QueuedEvent twice = QueuedEvent.decode(event.delivered().delivered().encode());
        assertThat(twice.deliveries()).isEqualTo(2);
        assertThat(twice.id()).isEqualTo(event.id());
    }

    @Test
    void anItemThatIsNoEventIsRefused() {
        assertThatThrownBy(() -> QueuedEvent.decode("not json")).isInstanceOf(RuntimeException.class);
    }
}
