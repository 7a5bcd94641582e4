package dev.enoki.doctests.snippets;

import java.util.List;

/** The small types the orders snippets speak of. */
public final class Shop {
    private Shop() {
    }

    public record Item(String sku, int quantity) {
    }

    public record Card(String number) {
    }

    public record Charge(String orderId, long amountCents) {
    }

    public record Order(String orderId, List<Item> items) {
    }

    public record OrderCreated(String orderId) {
    }

    public record PaymentFailed(String orderId, String reason) {
    }

    public static final class OutOfStock extends RuntimeException {
        public OutOfStock(String sku) {
            super(sku);
        }
    }

    public static final class OrderNotFound extends RuntimeException {
        public OrderNotFound(long id) {
            super("no order " + id);
        }
    }
}
