package dev.enoki.demo.shop;

import dev.enoki.Config;
import dev.enoki.EventHandler;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.Timer;
import dev.enoki.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stock and prices, kept in its database (table {@code stock}, {@code db/migration/V3__stock.sql}): reserves stock
 * for orders, counts what placed orders sold, and restocks on a timer.
 */
@Service("inventory")
public class InventoryService {
    private static final Logger log = LoggerFactory.getLogger(InventoryService.class);
    static final int DEFAULT_LEVEL = 10;

    /** How much of a product is left, at what unit price. */
    public record Stock(long priceCents, int quantity) {
    }

    @Database
    Connection db;

    @Config("inventory.restock_level")
    Optional<Integer> restockLevel;

    /** Takes stock for an order and returns the unit price; a request delivered again takes none again. */
    @Rpc(expectedExceptions = OutOfStock.class, exactlyOnce = true)
    public long reserve(String sku, int quantity) throws SQLException {
        Stock stock = stockOf(sku);
        if (stock == null) {
            throw new OutOfStock("no such product: " + sku);
        }
        if (quantity < 1) {
            throw new OutOfStock("quantity must be at least 1, not " + quantity);
        }
        // One statement that checks and takes: two orders at once cannot both take the last units.
        try (PreparedStatement take = db.prepareStatement(
                "UPDATE stock SET quantity = quantity - ? WHERE sku = ? AND quantity >= ?")) {
            take.setInt(1, quantity);
            take.setString(2, sku);
            take.setInt(3, quantity);
            if (take.executeUpdate() == 0) {
                throw new OutOfStock(sku + ": " + stockOf(sku).quantity() + " left, " + quantity + " asked");
            }
        }
        return stock.priceCents();
    }

    @Rpc
    public Map<String, Integer> levels() throws SQLException {
        return perProduct("quantity");
    }

    /** Units sold per product, counted once per order even when its event is delivered again. */
    @Rpc
    public Map<String, Integer> sales() throws SQLException {
        return perProduct("sold");
    }

    @EventHandler(source = "orders", event = "order_created", exactlyOnce = true)
    public void countSale(Order order) throws SQLException {
        try (PreparedStatement count = db.prepareStatement("UPDATE stock SET sold = sold + ? WHERE sku = ?")) {
            for (Item item : order.items()) {
                count.setInt(1, item.quantity());
                count.setString(2, item.sku());
                count.addBatch();
            }
            count.executeBatch();
        }
    }

    /**
     * Brings every product back up to the restock level; returns how many products it topped up. Eager, so a shop
     * restarted on a database its last run sold out opens restocked rather than refusing orders for one interval.
     */
    @Timer(every = "5s", eager = true)
    public int restock() throws SQLException {
        int restocked;
        try (PreparedStatement topUp = db.prepareStatement("UPDATE stock SET quantity = ? WHERE quantity < ?")) {
            topUp.setInt(1, level());
            topUp.setInt(2, level());
            restocked = topUp.executeUpdate();
        }
        if (restocked > 0) {
            log.info("restocked {} products to {}", restocked, level());
        }
        return restocked;
    }

    private Stock stockOf(String sku) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT price_cents, quantity FROM stock WHERE sku = ?")) {
            select.setString(1, sku);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Stock(row.getLong(1), row.getInt(2)) : null;
            }
        }
    }

    private Map<String, Integer> perProduct(String column) throws SQLException {
        Map<String, Integer> values = new TreeMap<>();
        try (PreparedStatement select = db.prepareStatement("SELECT sku, " + column + " FROM stock");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                values.put(rows.getString(1), rows.getInt(2));
            }
        }
        return values;
    }

    private int level() {
        return restockLevel.orElse(DEFAULT_LEVEL);
    }
}
