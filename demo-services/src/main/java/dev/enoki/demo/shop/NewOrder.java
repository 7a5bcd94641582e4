package dev.enoki.demo.shop;

import java.util.List;

/** The body of {@code POST /orders}. */
public record NewOrder(String customer, List<Item> items) {
}
