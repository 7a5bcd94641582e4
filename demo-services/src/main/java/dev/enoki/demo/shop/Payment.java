package dev.enoki.demo.shop;

/** A charge taken for an order; the payload of {@code payments.payment_received}. */
public record Payment(String id, String orderId, String customer, long amountCents) {
}
