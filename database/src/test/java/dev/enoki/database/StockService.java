package dev.enoki.database;

import dev.enoki.EventHandler;
import dev.enoki.Service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Takes stock for each {@code orders.*} event it handles, a row in {@code entries} per run. */
@Service("stock")
public class StockService {
    /** How often a handler actually ran, across workers. */
    static final AtomicInteger TAKEN = new AtomicInteger();

    @Database
    Connection connection;

    /** A receipt of its own per run, so a test can tell which run a worker's result came from. */
    @EventHandler(source = "orders", event = "order_placed", exactlyOnce = true)
    public String take(String sku) throws SQLException {
        TAKEN.incrementAndGet();
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO entries (name) VALUES (?)")) {
            s.setString(1, "stock:" + sku);
            s.executeUpdate();
        }
        return "taken-" + UUID.randomUUID();
    }

    @EventHandler(source = "orders", event = "order_held", exactlyOnce = true)
    public String takeWhenReleased(String sku) throws SQLException {
        String receipt = take(sku);
        Gate.pass();
        return receipt;
    }

    @EventHandler(source = "orders", event = "order_broken", exactlyOnce = true)
    public void takeThenFail(String sku) throws SQLException {
        take(sku);
        throw new IllegalStateException("shelf collapsed");
    }
}
