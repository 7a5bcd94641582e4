package dev.enoki.demo.shop;

import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.database.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Takes payments, kept in its database (its migration is {@code db/migration/V1__payments.sql}), and announces each
 * with {@code payment_received}. On RabbitMQ a charge delivered again is answered with the first payment, not taken
 * twice.
 */
@Service("payments")
public class PaymentsService {

    @EventDispatcher
    Dispatcher dispatch;

    @Database
    Connection db;

    @Rpc(exactlyOnce = true)
    public Payment charge(String orderId, String customer, long amountCents) throws SQLException {
        if (amountCents <= 0) {
            throw new IllegalArgumentException("nothing to charge for order " + orderId);
        }
        Payment payment = new Payment("pay-" + UUID.randomUUID(), orderId, customer, amountCents);
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO payments (id, order_id, customer, amount_cents) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, payment.id());
            insert.setString(2, orderId);
            insert.setString(3, customer);
            insert.setLong(4, amountCents);
            insert.executeUpdate();
        }
        dispatch.dispatch("payment_received", payment);
        return payment;
    }
}
