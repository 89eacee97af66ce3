package io.iotdm.indexing.rebuild;

import io.grpc.Context;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * A server stream of a blocking stub that its reader may leave early: closing it cancels the call. An iterator left
 * behind (a bulk failed mid-stream) would keep the call open on the server, held there by flow control, and the next
 * attempt would open another.
 */
final class CallStream<T> implements Iterator<T>, AutoCloseable {

    private final Iterator<T> records;
    private final Context.CancellableContext call;

    private CallStream(Iterator<T> records, Context.CancellableContext call) {
        this.records = records;
        this.call = call;
    }

    /** Starts the call in a context of its own, which {@link #close()} cancels. */
    static <T> CallStream<T> open(Supplier<Iterator<T>> start) {
        Context.CancellableContext call = Context.current().withCancellation();
        Context previous = call.attach();
        try {
            return new CallStream<>(start.get(), call);
        } finally {
            call.detach(previous);
        }
    }

    @Override
    public boolean hasNext() {
        return records.hasNext();
    }

    @Override
    public T next() {
        return records.next();
    }

    @Override
    public void close() {
        call.cancel(null);
    }
}
