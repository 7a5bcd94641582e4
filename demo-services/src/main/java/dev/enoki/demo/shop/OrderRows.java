package dev.enoki.demo.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** An order as rows of {@code orders} and {@code order_lines} ({@code db/migration/V2__orders.sql}). */
final class OrderRows {
    private OrderRows() {
    }

    static void insert(Connection db, Order order) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO orders (id, customer, total_cents, payment_id) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, order.id());
            insert.setString(2, order.customer());
            insert.setLong(3, order.totalCents());
            insert.setString(4, order.paymentId());
            insert.executeUpdate();
        }
        try (PreparedStatement line = db.prepareStatement(
                "INSERT INTO order_lines (order_id, line_no, sku, quantity) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < order.items().size(); i++) {
                line.setString(1, order.id());
                line.setInt(2, i);
                line.setString(3, order.items().get(i).sku());
                line.setInt(4, order.items().get(i).quantity());
                line.addBatch();
            }
            line.executeBatch();
        }
    }

    /** The order, or null when there is none with that id. */
    static Order find(Connection db, String id) throws SQLException {
        String customer;
        long totalCents;
        String paymentId;
        try (PreparedStatement select = db.prepareStatement(
                "SELECT customer, total_cents, payment_id FROM orders WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                customer = row.getString(1);
                totalCents = row.getLong(2);
                paymentId = row.getString(3);
            }
        }
        List<Item> items = new ArrayList<>();
        try (PreparedStatement select = db.prepareStatement(
                "SELECT sku, quantity FROM order_lines WHERE order_id = ? ORDER BY line_no")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    items.add(new Item(rows.getString(1), rows.getInt(2)));
                }
            }
        }
        return new Order(id, customer, List.copyOf(items), totalCents, paymentId);
    }
}
