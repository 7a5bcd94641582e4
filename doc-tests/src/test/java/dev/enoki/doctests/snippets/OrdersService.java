package dev.enoki.doctests.snippets;

import dev.enoki.Config;
import dev.enoki.ContextData;
import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.EventHandler;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;
import dev.enoki.ServiceProxy;
import dev.enoki.Timer;
import dev.enoki.doctests.snippets.Shop.Card;
import dev.enoki.doctests.snippets.Shop.Charge;
import dev.enoki.doctests.snippets.Shop.Item;
import dev.enoki.doctests.snippets.Shop.Order;
import dev.enoki.doctests.snippets.Shop.OrderCreated;
import dev.enoki.doctests.snippets.Shop.OutOfStock;
import dev.enoki.doctests.snippets.Shop.PaymentFailed;

import java.util.List;
import java.util.Map;
import java.util.Optional;

// doc:begin orders-service
@Service("orders")
public class OrdersService {
    @RpcProxy("payments") PaymentsApi payments;      // a plain interface: each method is a remote method
    @RpcProxy("emails")   ServiceProxy emails;       // untyped: emails.call("send", to, body)
    @EventDispatcher      Dispatcher dispatch;
    @Config("orders.max_items") Optional<Integer> maxItems;
    @ContextData("language") String language;

    @Rpc(expectedExceptions = OutOfStock.class, sensitiveArguments = "card.number")
    public Order create(String customer, List<Item> items, Card card) {
        Charge charge = payments.charge(customer, total(items));   // blocks this worker only
        dispatch.dispatch("order_created", new OrderCreated(charge.orderId()));
        return new Order(charge.orderId(), items);
    }

    @EventHandler(source = "payments", event = "payment_failed")    // SERVICE_POOL by default
    public void onPaymentFailed(PaymentFailed event) {
        dispatch.dispatch("order_cancelled", Map.of("order_id", event.orderId(), "reason", event.reason()));
    }

    @Timer(every = "30s")
    public void sweepAbandonedCarts() {
        dispatch.dispatch("carts_swept", Map.of("language", String.valueOf(language)));
    }

    private long total(List<Item> items) {
        if (items.size() > maxItems.orElse(100)) {
            throw new OutOfStock(items.get(0).sku());
        }
        return items.stream().mapToLong(i -> 500L * i.quantity()).sum();
    }
}
// doc:end
