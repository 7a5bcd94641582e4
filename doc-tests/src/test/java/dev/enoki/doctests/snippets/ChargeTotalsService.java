package dev.enoki.doctests.snippets;

import dev.enoki.EventHandler;
import dev.enoki.Service;
import dev.enoki.database.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Counts the charges of {@link ChargesService}'s events, once each. */
@Service("totals")
public class ChargeTotalsService {

    @Database Connection db;

    // doc:begin database-handler
    @EventHandler(source = "charges", event = "charged", exactlyOnce = true)
    public void countCharge(String orderId) throws SQLException {   // an event delivered again is not counted again
        try (PreparedStatement count = db.prepareStatement(
                "UPDATE totals SET charges = charges + 1 WHERE day = CURRENT_DATE")) {
            count.executeUpdate();
        }
    }
    // doc:end
}
