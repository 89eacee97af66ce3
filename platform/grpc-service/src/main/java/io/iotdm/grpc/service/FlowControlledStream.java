package io.iotdm.grpc.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.smallrye.mutiny.Multi;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends a Multi on a server-streaming call at the pace of the client: one item is requested at a time, and only while
 * the call is ready (HTTP/2 flow control and the write queue have room), so a slow reader holds the producer back
 * instead of the server buffering the stream. Quarkus's Mutiny stubs request everything at once, hence this bridge
 * to the gRPC-Java API.
 */
public final class FlowControlledStream<T> implements Flow.Subscriber<T> {

    private final ServerCallStreamObserver<T> call;
    // one item in flight at most: set when requested, cleared once it is sent
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    private FlowControlledStream(ServerCallStreamObserver<T> call) {
        this.call = call;
    }

    /** Must be called from the service method: gRPC takes the call's handlers only before that returns. */
    public static <T> void send(Multi<T> items, StreamObserver<T> responses) {
        FlowControlledStream<T> stream = new FlowControlledStream<>((ServerCallStreamObserver<T>) responses);
        stream.call.setOnReadyHandler(stream::pull);
        stream.call.setOnCancelHandler(stream::cancel);
        items.subscribe().withSubscriber(stream);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (cancelled) {
            subscription.cancel();
        } else {
            pull();
        }
    }

    @Override
    public void onNext(T item) {
        call.onNext(item);
        requested.set(false);
        pull();
    }

    @Override
    public void onError(Throwable failure) {
        call.onError(GrpcAnswers.status(failure));
    }

    @Override
    public void onComplete() {
        call.onCompleted();
    }

    private void pull() {
        Flow.Subscription current = subscription;
        if (current != null && !cancelled && call.isReady() && requested.compareAndSet(false, true)) {
            current.request(1);
        }
    }

    private void cancel() {
        cancelled = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}
