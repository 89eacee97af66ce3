package io.iotdm.indexing.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.indexing.index.ThingIndex;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;

/**
 * DescribeIndex ({@code GET /indices/{indexName}}). {@code AWS_Things} exists while thing indexing is not OFF, and is
 * always {@code ACTIVE} ({@code BUILDING}/{@code REBUILDING} come with the rebuild). {@code AWS_ThingGroups} is never
 * built here: even with {@code thingGroupIndexingMode ON} it does not exist (ResourceNotFoundException, and ListIndices
 * does not list it) until the group index is.
 */
@Singleton
class DescribeIndexHandler extends AwsOperationHandler {

    private final IndexingConfigurationService configurations;
    private final AwsErrors errors;

    DescribeIndexHandler(IndexingConfigurationService configurations, AwsErrors errors) {
        super("iot", "DescribeIndex");
        this.configurations = configurations;
        this.errors = errors;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String indexName = request.string("indexName");
        return Uni.createFrom()
                .item(configurations::current)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(settings -> {
                    if (!ThingIndex.AWS_NAME.equals(indexName) || !settings.thingIndexOn()) {
                        throw errors.resourceNotFound("Index " + indexName + " does not exist");
                    }
                    return AwsResponse.json(JsonNodeFactory.instance
                            .objectNode()
                            .put("indexName", ThingIndex.AWS_NAME)
                            .put("indexStatus", "ACTIVE")
                            .put("schema", settings.schema()));
                });
    }
}
