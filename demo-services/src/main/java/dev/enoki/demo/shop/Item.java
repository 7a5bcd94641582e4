package dev.enoki.demo.shop;

/** A line of an order: how many of one product. */
public record Item(String sku, int quantity) {
}
