package io.iotdm.indexing.config;

import java.time.Duration;
import java.util.function.Supplier;

/** One value read again once it is older than a TTL; {@code 0s} reads on every call. Thread-safe. */
public final class TtlCache<T> {

    private record Entry<T>(T value, long readAtNanos) {}

    private final long ttlNanos;
    private final Supplier<T> reader;
    private volatile Entry<T> entry;

    public TtlCache(Duration ttl, Supplier<T> reader) {
        this.ttlNanos = ttl.toNanos();
        this.reader = reader;
    }

    public T get() {
        Entry<T> current = entry;
        if (current != null && ttlNanos > 0 && System.nanoTime() - current.readAtNanos() < ttlNanos) {
            return current.value();
        }
        T value = reader.get();
        entry = new Entry<>(value, System.nanoTime());
        return value;
    }

    /** What this instance just wrote: it sees its own write at once. */
    public void set(T value) {
        entry = new Entry<>(value, System.nanoTime());
    }

    public void clear() {
        entry = null;
    }
}
