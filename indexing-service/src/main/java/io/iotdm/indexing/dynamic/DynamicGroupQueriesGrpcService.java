package io.iotdm.indexing.dynamic;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.indexing.v1.DynamicGroupMatch;
import io.iotdm.grpc.indexing.v1.DynamicGroupQueriesGrpc;
import io.iotdm.grpc.indexing.v1.StreamMatchesRequest;
import io.iotdm.grpc.indexing.v1.ValidateQueryRequest;
import io.iotdm.grpc.indexing.v1.ValidateQueryResponse;
import io.iotdm.grpc.service.FlowControlledStream;
import io.iotdm.grpc.service.GrpcAnswers;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The indexing-service's answers for group-service's dynamic thing groups (platform/grpc-api:
 * iotdm.indexing.v1.DynamicGroupQueries), on the HTTP port. The gRPC-Java API rather than Mutiny's, so that
 * StreamMatches follows the client's flow control ({@link FlowControlledStream}).
 */
@GrpcService
class DynamicGroupQueriesGrpcService extends DynamicGroupQueriesGrpc.DynamicGroupQueriesImplBase {

    private static final org.jboss.logging.Logger LOG =
            org.jboss.logging.Logger.getLogger(DynamicGroupQueriesGrpcService.class);

    private final QueryValidation validation;
    private final MatchStream stream;
    private final DynamicGroupsConfig config;

    DynamicGroupQueriesGrpcService(QueryValidation validation, MatchStream stream, DynamicGroupsConfig config) {
        this.validation = validation;
        this.stream = stream;
        this.config = config;
    }

    @Override
    public void validateQuery(ValidateQueryRequest request, StreamObserver<ValidateQueryResponse> responses) {
        GrpcAnswers.unary(
                Uni.createFrom()
                        .item(() -> validation.validate(request))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()),
                responses);
    }

    @Override
    public void streamMatches(StreamMatchesRequest request, StreamObserver<DynamicGroupMatch> responses) {
        if (request.getGroupName().isEmpty() || request.getRevision() <= 0) {
            responses.onError(Status.INVALID_ARGUMENT
                    .withDescription("group_name and a positive revision are required")
                    .asRuntimeException());
            return;
        }
        // the wait for the revision ends before the call's deadline (the search after it needs some of it too)
        Deadline deadline = Context.current().getDeadline();
        LOG.debugf("StreamMatches %s at %d, deadline %s", request.getGroupName(), request.getRevision(), deadline);
        Duration maxWait = deadline == null
                ? config.streamMaxWait()
                : Duration.ofNanos(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS) * 3 / 4));
        // a call that the client cancels (or whose deadline passes) stops the wait and the paging at once
        ServerCallStreamObserver<DynamicGroupMatch> call = (ServerCallStreamObserver<DynamicGroupMatch>) responses;
        FlowControlledStream.send(
                stream.matches(request.getGroupName(), request.getRevision(), maxWait, call::isCancelled), responses);
    }
}
