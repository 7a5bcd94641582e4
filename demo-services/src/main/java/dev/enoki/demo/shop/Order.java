package dev.enoki.demo.shop;

import java.util.List;

/** A placed and paid order; the payload of {@code orders.order_created}. */
public record Order(String id, String customer, List<Item> items, long totalCents, String paymentId) {
}
