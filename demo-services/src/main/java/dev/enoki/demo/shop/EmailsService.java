package dev.enoki.demo.shop;

import dev.enoki.EventHandler;
import dev.enoki.Rpc;
import dev.enoki.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Writes to customers when an order is placed and when its payment arrives; keeps what it sent. */
@Service("emails")
public class EmailsService {
    private static final Logger log = LoggerFactory.getLogger(EmailsService.class);

    @Storage(capacity = 1_000)
    Store<Email> outbox;

    @EventHandler(source = "orders", event = "order_created")
    public Email onOrderCreated(Order order) {
        return send(new Email(order.customer(), "Your order " + order.id(),
                "Thanks! " + order.items().size() + " item(s), " + cents(order.totalCents()) + " in all."));
    }

    @EventHandler(source = "payments", event = "payment_received")
    public Email onPaymentReceived(Payment payment) {
        return send(new Email(payment.customer(), "Receipt for " + payment.orderId(),
                "We received " + cents(payment.amountCents()) + " (payment " + payment.id() + ")."));
    }

    /** What was sent, oldest first. */
    @Rpc
    public List<Email> sent() {
        return outbox.values();
    }

    private Email send(Email email) {
        outbox.put(email.to() + "|" + email.subject(), email);
        log.info("email to {}: {}", email.to(), email.subject());
        return email;
    }

    private static String cents(long cents) {
        return String.format("%d.%02d EUR", cents / 100, cents % 100);
    }
}
