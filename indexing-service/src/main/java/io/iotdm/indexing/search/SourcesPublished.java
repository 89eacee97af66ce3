package io.iotdm.indexing.search;

import io.iotdm.grpc.group.v1.MutinyGroupsGrpc;
import io.iotdm.grpc.outbox.v1.AwaitPublishedRequest;
import io.iotdm.grpc.outbox.v1.AwaitPublishedResponse;
import io.iotdm.grpc.registry.v1.MutinyRegistryGrpc;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Asks the services whose events the fleet index follows (the registry: things and shadows; group-service: groups
 * and memberships) to return once every change committed before the call is published on Kafka (gRPC
 * {@code AwaitPublished}: the events wait in each service's outbox until its relay publishes them).
 */
@Singleton
class SourcesPublished {

    private static final Logger LOG = Logger.getLogger(SourcesPublished.class);

    /** Beyond the wait the service is asked for, for the call itself. */
    private static final Duration CALL_MARGIN = Duration.ofMillis(500);

    private final MutinyRegistryGrpc.MutinyRegistryStub registry;
    private final MutinyGroupsGrpc.MutinyGroupsStub groups;

    SourcesPublished(
            @GrpcClient("registry") MutinyRegistryGrpc.MutinyRegistryStub registry,
            @GrpcClient("groups") MutinyGroupsGrpc.MutinyGroupsStub groups) {
        this.registry = registry;
        this.groups = groups;
    }

    /**
     * @return whether both services published everything within {@code maxWait}; a service that cannot be asked counts
     *     as not (the search then sees what reached the topics)
     */
    Uni<Boolean> published(Duration maxWait) {
        AwaitPublishedRequest request = AwaitPublishedRequest.newBuilder()
                .setMaxWaitMillis(maxWait.toMillis())
                .build();
        long deadline = maxWait.plus(CALL_MARGIN).toMillis();
        return Uni.combine()
                .all()
                .unis(
                        ask(
                                "registry",
                                registry.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)
                                        .awaitPublished(request)),
                        ask(
                                "group-service",
                                groups.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)
                                        .awaitPublished(request)))
                .with((fromRegistry, fromGroups) -> fromRegistry && fromGroups);
    }

    private static Uni<Boolean> ask(String service, Uni<AwaitPublishedResponse> call) {
        return call.map(AwaitPublishedResponse::getPublished).onFailure().recoverWithItem(failure -> {
            LOG.debugf("Could not ask the %s whether its changes are published: %s", service, failure.toString());
            return false;
        });
    }
}
