package dev.enoki.database;

import dev.enoki.EventHandler;
import dev.enoki.Service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/** A second handler of {@code orders.order_placed}, in a service of its own, writing to the same database. */
@Service("audit")
public class AuditService {
    static final AtomicInteger RECORDED = new AtomicInteger();

    @Database
    Connection connection;

    @EventHandler(source = "orders", event = "order_placed", exactlyOnce = true)
    public void record(String sku) throws SQLException {
        RECORDED.incrementAndGet();
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO entries (name) VALUES (?)")) {
            s.setString(1, "audit:" + sku);
            s.executeUpdate();
        }
    }
}
