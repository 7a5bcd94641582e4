package dev.enoki.demo.shop;

import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.Rpc;
import dev.enoki.Service;

import java.util.UUID;

/** Takes payments and announces each with {@code payment_received}. */
@Service("payments")
public class PaymentsService {

    @EventDispatcher
    Dispatcher dispatch;

    @Storage
    Store<Payment> payments;

    @Rpc
    public Payment charge(String orderId, String customer, long amountCents) {
        if (amountCents <= 0) {
            throw new IllegalArgumentException("nothing to charge for order " + orderId);
        }
        Payment payment = new Payment("pay-" + UUID.randomUUID(), orderId, customer, amountCents);
        payments.put(payment.id(), payment);
        dispatch.dispatch("payment_received", payment);
        return payment;
    }
}
