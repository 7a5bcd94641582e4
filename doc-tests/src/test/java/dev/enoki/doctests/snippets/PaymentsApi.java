package dev.enoki.doctests.snippets;

import dev.enoki.doctests.snippets.Shop.Charge;

/** The remote methods of the payments service, as the orders service calls them. */
public interface PaymentsApi {
    Charge charge(String customer, long amountCents);
}
