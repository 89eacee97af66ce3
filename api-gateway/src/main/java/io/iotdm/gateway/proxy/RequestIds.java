package io.iotdm.gateway.proxy;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fresh {@code x-amzn-RequestId} values: random (version 4) UUIDs, as AWS sends. A request id must be unique, not
 * secret, so ThreadLocalRandom replaces the SecureRandom of {@link UUID#randomUUID()}, which would make every event
 * loop contend for one generator.
 */
final class RequestIds {

    private RequestIds() {}

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L; // version 4
        long low = random.nextLong() & ~(0xCL << 60) | 0x8L << 60; // IETF variant
        return new UUID(high, low).toString();
    }
}
