package io.iotdm.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What follows the events (the index, dynamic memberships) is read until it holds. */
final class Eventually {

    private Eventually() {}

    /** Polls until {@code done} holds (or 30 s pass). @return the last value read */
    static <T> T await(Supplier<T> read, Predicate<T> done) {
        return await(read, done, Duration.ofSeconds(30));
    }

    /** Polls until {@code done} holds (or {@code limit} passes). @return the last value read */
    static <T> T await(Supplier<T> read, Predicate<T> done, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        T value = read.get();
        while (!done.test(value) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
            value = read.get();
        }
        return value;
    }
}
