package dev.enoki.doctests.snippets;

import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.doctests.snippets.Shop.Charge;

import java.util.UUID;

@Service("payments")
public class PaymentsService {
    @Rpc
    public Charge charge(String customer, long amountCents) {
        return new Charge(UUID.randomUUID().toString(), amountCents);
    }
}
