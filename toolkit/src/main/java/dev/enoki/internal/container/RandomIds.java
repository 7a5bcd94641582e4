package dev.enoki.internal.container;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version-4 UUIDs from a fast, non-cryptographic source, for ids that must be unique but need not be secret (call ids,
 * correlation ids). {@link UUID#randomUUID()} draws on a shared {@code SecureRandom}, which costs a lock and far more
 * time on every call.
 */
public final class RandomIds {
    private RandomIds() {
    }

    public static UUID uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
