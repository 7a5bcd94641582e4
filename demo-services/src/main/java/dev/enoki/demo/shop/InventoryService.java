package dev.enoki.demo.shop;

import dev.enoki.Config;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Stock and prices; reserves stock for orders and restocks on a timer. */
@Service("inventory")
public class InventoryService {
    private static final Logger log = LoggerFactory.getLogger(InventoryService.class);
    /** The catalogue: product to unit price in cents. */
    public static final Map<String, Long> PRICES = Map.of("enoki-tshirt", 2_000L, "enoki-mug", 1_200L, "enoki-sticker", 300L);
    static final int DEFAULT_LEVEL = 10;

    /** How much of a product is left. */
    public record Stock(long priceCents, int quantity) {
    }

    @Storage
    Store<Stock> stock;

    @Config("inventory.restock_level")
    Optional<Integer> restockLevel;

    /** Takes stock for an order and returns the unit price. */
    @Rpc(expectedExceptions = OutOfStock.class)
    public long reserve(String sku, int quantity) {
        if (!PRICES.containsKey(sku)) {
            throw new OutOfStock("no such product: " + sku);
        }
        if (quantity < 1) {
            throw new OutOfStock("quantity must be at least 1, not " + quantity);
        }
        boolean[] tooFew = {false};
        Stock after = stock.compute(sku, (k, current) -> {
            Stock now = current == null ? new Stock(PRICES.get(sku), level()) : current;
            tooFew[0] = now.quantity() < quantity;
            return tooFew[0] ? now : new Stock(now.priceCents(), now.quantity() - quantity);
        });
        if (tooFew[0]) {
            throw new OutOfStock(sku + ": " + after.quantity() + " left, " + quantity + " asked");
        }
        return after.priceCents();
    }

    @Rpc
    public Map<String, Integer> levels() {
        Map<String, Integer> levels = new TreeMap<>();
        PRICES.keySet().forEach(sku -> levels.put(sku, level()));
        stock.snapshot().forEach((sku, s) -> levels.put(sku, s.quantity()));
        return levels;
    }

    /** Brings every product back up to the restock level; returns how many products it topped up. */
    @Timer(every = "5s")
    public int restock() {
        int restocked = 0;
        for (String sku : PRICES.keySet()) {
            boolean[] low = {false};
            stock.compute(sku, (k, current) -> {
                low[0] = current != null && current.quantity() < level();
                return low[0] ? new Stock(current.priceCents(), level()) : current;
            });
            restocked += low[0] ? 1 : 0;
        }
        if (restocked > 0) {
            log.info("restocked {} products to {}", restocked, level());
        }
        return restocked;
    }

    private int level() {
        return restockLevel.orElse(DEFAULT_LEVEL);
    }
}
