package dev.enoki.database;

import dev.enoki.Rpc;
import dev.enoki.Service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Writes a row per call to the {@code entries} table its Flyway migration makes. */
@Service("entries")
public class EntriesService {
    /** How often a charge method actually ran, across workers. */
    static final AtomicInteger CHARGES_RUN = new AtomicInteger();

    @Database
    Connection connection;

    @Rpc
    public int add(String name) throws SQLException {
        insert(name);
        return count();
    }

    @Rpc
    public void addThenFail(String name) throws SQLException {
        insert(name);
        throw new IllegalStateException("failed after writing " + name);
    }

    @Rpc
    public int addWhenReleased(String name) throws SQLException {
        insert(name);
        Gate.pass();
        return count();
    }

    @Rpc
    public int count() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT COUNT(*) FROM entries");
             ResultSet rows = s.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** A receipt of its own per run: one answered from the record has the first run's receipt. */
    @Rpc(exactlyOnce = true)
    public String charge(String name) throws SQLException {
        CHARGES_RUN.incrementAndGet();
        insert(name);
        return "receipt-" + UUID.randomUUID();
    }

    @Rpc(exactlyOnce = true)
    public String chargeWhenReleased(String name) throws SQLException {
        String receipt = charge(name);
        Gate.pass();
        return receipt;
    }

    @Rpc(exactlyOnce = true)
    public String chargeThenFail(String name) throws SQLException {
        charge(name);
        throw new IllegalStateException("card declined");
    }

    private void insert(String name) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO entries (name) VALUES (?)")) {
            s.setString(1, name);
            s.executeUpdate();
        }
    }
}
