package dev.enoki.doctests.snippets;

import dev.enoki.Fallback;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;

/** docs/resilience.md: a typed proxy whose methods fall back when the prices service cannot answer. */
@Service("quotes")
public class QuotesService {

    public record Price(String sku, long cents, boolean listPrice) {
        static Price list(String sku) {
            return new Price(sku, 999, true);
        }
    }

// doc:begin prices-fallback
public interface PricesApi {
    @Fallback                                          // answers only when prices could not answer
    default Price price(String sku) {
        return Price.list(sku);
    }

    @Fallback(method = "listPrice")                    // an abstract method names the default that answers
    Price discountedPrice(String sku, String customer);

    default Price listPrice(String sku, String customer) {
        return Price.list(sku);
    }
}

@RpcProxy(value = "prices", timeout = "2s")
PricesApi prices;

@Rpc
public Price quote(String sku, String customer) {
    return prices.discountedPrice(sku, customer);      // a list price when prices is down, slow or cut off
}
// doc:end
}
