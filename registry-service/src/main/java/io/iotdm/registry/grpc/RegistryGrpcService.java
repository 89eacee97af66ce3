package io.iotdm.registry.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.outbox.v1.AwaitPublishedRequest;
import io.iotdm.grpc.outbox.v1.AwaitPublishedResponse;
import io.iotdm.grpc.registry.v1.CountThingsRequest;
import io.iotdm.grpc.registry.v1.CountThingsResponse;
import io.iotdm.grpc.registry.v1.DescribeThingsRequest;
import io.iotdm.grpc.registry.v1.DescribeThingsResponse;
import io.iotdm.grpc.registry.v1.RegistryGrpc;
import io.iotdm.grpc.registry.v1.StreamThingsRequest;
import io.iotdm.grpc.registry.v1.ThingRecord;
import io.iotdm.grpc.service.FlowControlledStream;
import io.iotdm.grpc.service.GrpcAnswers;
import io.iotdm.outbox.OutboxBarrier;
import io.iotdm.registry.shadow.ShadowSelection;
import io.iotdm.registry.thing.ThingService;
import io.quarkus.grpc.GrpcService;
import java.time.Duration;

/**
 * The registry's gRPC contract (platform/grpc-api: iotdm.registry.v1.Registry), served on the HTTP port. It uses the
 * gRPC-Java API rather than Mutiny's so that StreamThings can follow the client's flow control
 * ({@link FlowControlledStream}).
 */
@GrpcService
class RegistryGrpcService extends RegistryGrpc.RegistryImplBase {

    /** DescribeThings answers a batch, not the registry: ListThings and StreamThings are for many things. */
    static final int MAX_DESCRIBED_THINGS = 100;

    private final ThingService things;
    private final ThingStream stream;
    private final OutboxBarrier outbox;

    RegistryGrpcService(ThingService things, ThingStream stream, OutboxBarrier outbox) {
        this.things = things;
        this.stream = stream;
        this.outbox = outbox;
    }

    @Override
    public void streamThings(StreamThingsRequest request, StreamObserver<ThingRecord> responses) {
        if (!request.getNamedShadows() && request.getNamedShadowNamesCount() > 0) {
            responses.onError(invalid("named_shadow_names is only meaningful with named_shadows"));
            return;
        }
        ShadowSelection selection = new ShadowSelection(
                request.getClassicShadow(), request.getNamedShadows(), request.getNamedShadowNamesList());
        String after = request.getAfterThingName().isEmpty() ? null : request.getAfterThingName();
        FlowControlledStream.send(stream.after(after, selection), responses);
    }

    @Override
    public void countThings(CountThingsRequest request, StreamObserver<CountThingsResponse> responses) {
        GrpcAnswers.unary(
                things.count()
                        .map(count ->
                                CountThingsResponse.newBuilder().setCount(count).build()),
                responses);
    }

    @Override
    public void describeThings(DescribeThingsRequest request, StreamObserver<DescribeThingsResponse> responses) {
        if (request.getThingNamesCount() > MAX_DESCRIBED_THINGS) {
            responses.onError(invalid(
                    "At most " + MAX_DESCRIBED_THINGS + " thing names per call, not " + request.getThingNamesCount()));
            return;
        }
        GrpcAnswers.unary(
                things.existing(request.getThingNamesList()).map(found -> DescribeThingsResponse.newBuilder()
                        .addAllThings(
                                found.stream().map(RegistryMessages::summary).toList())
                        .build()),
                responses);
    }

    @Override
    public void awaitPublished(AwaitPublishedRequest request, StreamObserver<AwaitPublishedResponse> responses) {
        GrpcAnswers.unary(
                outbox.published(Duration.ofMillis(request.getMaxWaitMillis()))
                        .map(published -> AwaitPublishedResponse.newBuilder()
                                .setPublished(published)
                                .build()),
                responses);
    }

    private static RuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
