package io.iotdm.registry.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.outbox.v1.AwaitPublishedRequest;
import io.iotdm.grpc.outbox.v1.AwaitPublishedResponse;
import io.iotdm.grpc.registry.v1.CountThingsRequest;
import io.iotdm.grpc.registry.v1.CountThingsResponse;
import io.iotdm.grpc.registry.v1.DescribeThingsRequest;
import io.iotdm.grpc.registry.v1.DescribeThingsResponse;
import io.iotdm.grpc.registry.v1.MatchRetainedMessagesRequest;
import io.iotdm.grpc.registry.v1.MatchRetainedMessagesResponse;
import io.iotdm.grpc.registry.v1.ProvisionThingRequest;
import io.iotdm.grpc.registry.v1.ProvisionThingResponse;
import io.iotdm.grpc.registry.v1.RegistryGrpc;
import io.iotdm.grpc.registry.v1.RetainedMessage;
import io.iotdm.grpc.registry.v1.StreamThingsRequest;
import io.iotdm.grpc.registry.v1.ThingRecord;
import io.iotdm.grpc.registry.v1.UnprovisionThingRequest;
import io.iotdm.grpc.registry.v1.UnprovisionThingResponse;
import io.iotdm.grpc.service.FlowControlledStream;
import io.iotdm.grpc.service.GrpcAnswers;
import io.iotdm.outbox.OutboxBarrier;
import io.iotdm.registry.messaging.MessagingService;
import io.iotdm.registry.shadow.ShadowSelection;
import io.iotdm.registry.thing.ThingProvisioning;
import io.iotdm.registry.thing.ThingService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;

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
    private final ThingProvisioning provisioning;
    private final ThingStream stream;
    private final OutboxBarrier outbox;
    private final MessagingService messaging;

    RegistryGrpcService(
            ThingService things,
            ThingProvisioning provisioning,
            ThingStream stream,
            OutboxBarrier outbox,
            MessagingService messaging) {
        this.things = things;
        this.provisioning = provisioning;
        this.stream = stream;
        this.outbox = outbox;
        this.messaging = messaging;
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
    public void provisionThing(ProvisionThingRequest request, StreamObserver<ProvisionThingResponse> responses) {
        if (request.getThingName().isEmpty() || request.getThingId().isEmpty()) {
            responses.onError(invalid("thing_name and thing_id are required"));
            return;
        }
        GrpcAnswers.unary(
                provisioning
                        .provision(new ThingProvisioning.Request(
                                request.getThingName(),
                                request.getThingId(),
                                request.hasThingTypeName() ? request.getThingTypeName() : null,
                                request.getHasAttributes() ? request.getAttributesMap() : null,
                                request.getAttributePayloadOverride(),
                                request.getThingTypeNameOverride(),
                                request.getDryRun()))
                        .map(provisioned -> {
                            ProvisionThingResponse.Builder answer = ProvisionThingResponse.newBuilder()
                                    .setThingArn(things.arn(request.getThingName()))
                                    .setCreated(provisioned.created());
                            if (provisioned.thing() != null) {
                                answer.setThingId(provisioned.thing().id())
                                        .setVersion(provisioned.thing().version());
                            }
                            return answer.build();
                        }),
                responses);
    }

    @Override
    public void unprovisionThing(UnprovisionThingRequest request, StreamObserver<UnprovisionThingResponse> responses) {
        if (request.getThingName().isEmpty() || request.getThingId().isEmpty()) {
            responses.onError(invalid("thing_name and thing_id are required"));
            return;
        }
        GrpcAnswers.unary(
                provisioning
                        .unprovision(request.getThingName(), request.getThingId())
                        .map(deleted -> UnprovisionThingResponse.newBuilder()
                                .setDeleted(deleted)
                                .build()),
                responses);
    }

    @Override
    public void matchRetainedMessages(
            MatchRetainedMessagesRequest request, StreamObserver<MatchRetainedMessagesResponse> responses) {
        Uni<List<io.iotdm.registry.messaging.RetainedMessage>> found;
        try {
            found = messaging.retainedMessagesMatching(request.getTopicFilter());
        } catch (IllegalArgumentException notAFilter) {
            responses.onError(invalid(notAFilter.getMessage()));
            return;
        }
        GrpcAnswers.unary(
                found.map(messages -> MatchRetainedMessagesResponse.newBuilder()
                        .addAllMessages(messages.stream()
                                .map(message -> RetainedMessage.newBuilder()
                                        .setTopic(message.topic())
                                        .setPayload(ByteString.copyFrom(message.payload()))
                                        .setQos(message.qos())
                                        .setUserProperties(
                                                message.userProperties() == null ? "" : message.userProperties())
                                        .build())
                                .toList())
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
