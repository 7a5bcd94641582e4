package dev.enoki.internal.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.Map;

/**
 * One claim on a lease entry, run by Hazelcast on the member that owns the entry, so checking and writing it is one
 * atomic step: the lease goes to the claimant when nobody holds it, when its grant has run out by the owner's clock,
 * or when the claimant holds it already (a renewal). The entry says who holds it until when
 * ({@code {"holder": ..., "until": epoch millis}}). The entry has no Hazelcast expiry: a backup promoted when its
 * member dies must say what the primary said, and one small entry per singleton timer needs no clearing. A claim with
 * no term gives the lease up if the claimant holds it.
 * Sent as {@link DataSerializable}: two strings and a number, no Java serialization.
 */
public final class LeaseClaim implements EntryProcessor<String, String, Boolean>, DataSerializable {
    private String holder;
    private long termMillis;

    /** For Hazelcast, which makes the claim anew on the owning member. */
    public LeaseClaim() {
    }

    private LeaseClaim(String holder, long termMillis) {
        this.holder = holder;
        this.termMillis = termMillis;
    }

    /** Takes or renews the lease for {@code termMillis} from when the owning member runs the claim. */
    public static LeaseClaim take(String holder, long termMillis) {
        return new LeaseClaim(holder, termMillis);
    }

    public static LeaseClaim giveUp(String holder) {
        return new LeaseClaim(holder, 0);
    }

    @Override
    public Boolean process(Map.Entry<String, String> entry) {
        String next = decide(entry.getValue(), holder, termMillis, System.currentTimeMillis());
        if (next == null) {
            return false;
        }
        if (next.isEmpty()) {
            entry.setValue(null);
        } else {
            entry.setValue(next);
        }
        return true;
    }

    /**
     * The entry after {@code claimant}'s claim at {@code now}: a new value when granted, {@code ""} to remove it
     * (given up), null when refused.
     */
    static String decide(String current, String claimant, long termMillis, long now) {
        JsonObject lease = current == null ? null : new JsonObject(current);
        boolean own = lease != null && claimant.equals(lease.getString("holder"));
        boolean lapsed = lease == null || lease.getLong("until", 0L) <= now;
        if (termMillis <= 0) {
            return own ? "" : null;
        }
        if (!own && !lapsed) {
            return null;
        }
        return new JsonObject().put("holder", claimant).put("until", now + termMillis).encode();
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(holder);
        out.writeLong(termMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        holder = in.readString();
        termMillis = in.readLong();
    }
}
