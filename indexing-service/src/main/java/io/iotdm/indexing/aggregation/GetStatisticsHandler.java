package io.iotdm.indexing.aggregation;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.indexing.index.ThingIndex;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** GetStatistics, {@code POST /indices/statistics}. Without {@code aggregationField}: {@code registry.version}. {@code queryVersion} is accepted and ignored (there is one version). */
@Singleton
class GetStatisticsHandler extends AwsOperationHandler {

    private final AggregationService aggregations;

    GetStatisticsHandler(AggregationService aggregations) {
        super("iot", "GetStatistics");
        this.aggregations = aggregations;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String indexName = request.string("indexName");
        String field = request.string("aggregationField");
        return aggregations
                .statistics(
                        indexName == null ? ThingIndex.AWS_NAME : indexName,
                        request.string("queryString"),
                        field == null ? AggregationService.DEFAULT_FIELD : field)
                .map(AwsResponse::json);
    }
}
