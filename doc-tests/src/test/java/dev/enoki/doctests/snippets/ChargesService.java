package dev.enoki.doctests.snippets;

import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.database.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

// doc:begin database-service
@Service("charges")
public class ChargesService {

    @Database Connection db;       // one per worker, in a transaction: committed on return, rolled back on a throw

    @Rpc(exactlyOnce = true)       // a request delivered again is answered from the record, not charged twice
    public String charge(String orderId, long cents) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO charges (order_id, cents) VALUES (?, ?)")) {
            insert.setString(1, orderId);
            insert.setLong(2, cents);
            insert.executeUpdate();
        }
        return "charged " + orderId;
    }
}
// doc:end
