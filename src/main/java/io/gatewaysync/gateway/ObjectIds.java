package io.gatewaysync.gateway;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids of new objects in the embedded gateway: time-ordered UUIDs (version 7, RFC 9562: 48 bits of
 * Unix milliseconds, a 12-bit counter within the millisecond, 62 random bits).
 *
 * <p>Why not random (version 4) UUIDs: the gateway's key is (schema_name, id) and the records index
 * gateway_id. Random ids land all over those B-trees, so a page of 1,000 inserts rewrites pages across
 * the whole index (on H2's append-only MVStore, and PostgreSQL's buffer cache alike). Time-ordered ids
 * append at the end. They are as unique as version 4 ids and still unguessable in their random part.
 */
public final class ObjectIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static int counter;

    private ObjectIds() {
    }

    public static String next() {
        long millis;
        int sequence;
        synchronized (ObjectIds.class) {
            millis = Math.max(System.currentTimeMillis(), lastMillis);
            if (millis == lastMillis) {
                counter++;
                if (counter > 0xFFF) {
                    // 4,096 ids within one millisecond: borrow the next millisecond, keeping the order.
                    millis++;
                    counter = 0;
                }
            } else {
                counter = 0;
            }
            lastMillis = millis;
            sequence = counter;
        }
        long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | sequence;
        long low = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
