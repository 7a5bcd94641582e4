package dev.enoki.demo.shop;

/** The inventory's remote methods, as the orders service calls them. */
public interface InventoryApi {
    long reserve(String sku, int quantity) throws OutOfStock;
}
