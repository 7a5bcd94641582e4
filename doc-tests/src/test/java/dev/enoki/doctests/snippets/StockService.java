package dev.enoki.doctests.snippets;

import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.EventHandler;
import dev.enoki.Http;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;
import dev.enoki.ServiceProxy;
import io.vertx.core.Future;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** docs/non-blocking.md: entrypoints that return a future, and the async forms of proxies and dispatchers. */
@Service("stock")
public class StockService {

    public record Level(String sku, int units) {
    }

// doc:begin non-blocking-rpc
public interface WarehouseApi {
    Future<Integer> units(String sku);                  // a Future result: this call does not block
}

@RpcProxy("warehouse")
WarehouseApi warehouse;

@RpcProxy("prices")
ServiceProxy prices;

@Rpc
public Future<Level> level(String sku) {                // runs on the container's event loop
    return warehouse.units(sku).map(units -> new Level(sku, units));
}

@Rpc
public Future<String> describe(String sku) {            // two calls at once, one reply when both are in
    return Future.all(warehouse.units(sku), prices.callAsync("price", Long.class, sku))
            .map(both -> sku + ": " + both.resultAt(0) + " units at " + both.resultAt(1));
}
// doc:end

// doc:begin non-blocking-event
@EventDispatcher
Dispatcher dispatch;

@EventHandler(source = "orders", event = "order_created")
public Future<Void> onOrderCreated(String sku) {        // the event is done when the future completes
    return warehouse.units(sku)
            .compose(units -> units < 10 ? dispatch.dispatchAsync("running_low", sku) : Future.succeededFuture());
}
// doc:end

// doc:begin non-blocking-http
@Http(method = "GET", path = "/stock/:sku")
public CompletionStage<Level> page(String sku) {         // any CompletionStage works too
    return CompletableFuture.completedFuture(new Level(sku, 0));
}
// doc:end
}
