package dev.enoki.demo.shop;

/** Not enough of a product to reserve: the caller's problem, not a bug. */
public class OutOfStock extends RuntimeException {
    public OutOfStock(String message) {
        super(message);
    }
}
