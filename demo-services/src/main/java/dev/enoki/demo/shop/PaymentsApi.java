package dev.enoki.demo.shop;

/** The payments service's remote methods, as the orders service calls them. */
public interface PaymentsApi {
    Payment charge(String orderId, String customer, long amountCents);
}
