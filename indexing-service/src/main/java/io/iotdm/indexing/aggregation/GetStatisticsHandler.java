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
        return aggregations
                .statistics(
                        request.string("indexName", ThingIndex.AWS_NAME),
                        request.string("queryString"),
                        request.string("aggregationField", AggregationService.DEFAULT_FIELD))
                .map(AwsResponse::json);
    }
}
