package io.iotdm.group.dynamic;

import io.grpc.StatusRuntimeException;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.group.GroupConfig;
import io.iotdm.grpc.indexing.v1.DynamicGroupMatch;
import io.iotdm.grpc.indexing.v1.DynamicGroupQueriesGrpc;
import io.iotdm.grpc.indexing.v1.MutinyDynamicGroupQueriesGrpc;
import io.iotdm.grpc.indexing.v1.StreamMatchesRequest;
import io.iotdm.grpc.indexing.v1.ValidateQueryRequest;
import io.iotdm.grpc.service.PeerFailures;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/** The indexing-service's answers about dynamic group queries (iotdm.indexing.v1.DynamicGroupQueries). */
@ApplicationScoped
public class IndexingQueries {

    private final MutinyDynamicGroupQueriesGrpc.MutinyDynamicGroupQueriesStub queries;
    private final DynamicGroupQueriesGrpc.DynamicGroupQueriesBlockingStub blocking;
    private final AwsErrors errors;
    private final GroupConfig config;

    IndexingQueries(
            @GrpcClient("indexing") MutinyDynamicGroupQueriesGrpc.MutinyDynamicGroupQueriesStub queries,
            @GrpcClient("indexing") DynamicGroupQueriesGrpc.DynamicGroupQueriesBlockingStub blocking,
            AwsErrors errors,
            GroupConfig config) {
        this.queries = queries;
        this.blocking = blocking;
        this.errors = errors;
        this.config = config;
    }

    /** Fails with the AWS error the indexing-service names when the query is not valid. */
    public Uni<Void> validate(String indexName, String queryString, String queryVersion) {
        return PeerFailures.asAws(
                        queries.withDeadlineAfter(config.indexingDeadline().toMillis(), TimeUnit.MILLISECONDS)
                                .validateQuery(ValidateQueryRequest.newBuilder()
                                        .setIndexName(indexName)
                                        .setQueryString(queryString)
                                        .setQueryVersion(queryVersion)
                                        .build()),
                        "indexing-service",
                        "ValidateQuery",
                        "The indexing service is unavailable; retry the request later",
                        errors::iot)
                .invoke(answer -> {
                    if (!answer.getErrorCode().isEmpty()) {
                        throw error(answer.getErrorCode(), answer.getMessage());
                    }
                })
                .replaceWithVoid();
    }

    /**
     * The things matching the group's query at this revision, in no particular order, as a blocking iterator: for the
     * backfill's own thread. Its failures are gRPC {@link StatusRuntimeException}s.
     */
    public Iterator<DynamicGroupMatch> matches(String groupName, long revision) {
        return blocking.withDeadlineAfter(config.dynamic().backfillDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .streamMatches(StreamMatchesRequest.newBuilder()
                        .setGroupName(groupName)
                        .setRevision(revision)
                        .build());
    }

    private AwsServiceException error(String code, String message) {
        try {
            return errors.iot(code, message);
        } catch (RuntimeException unknown) {
            return errors.invalidRequest(message);
        }
    }
}
