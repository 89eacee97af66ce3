package io.iotdm.indexing.aggregation;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.search.ReadAfterWaiter;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** GetStatistics, {@code POST /indices/statistics}. Without {@code aggregationField}: {@code registry.version}. {@code queryVersion} is accepted and ignored (there is one version). Beyond AWS, opt-in: {@code iotdm-read-after} ({@link ReadAfterWaiter}). */
@Singleton
class GetStatisticsHandler extends AwsOperationHandler {

    private final AggregationService aggregations;
    private final ReadAfterWaiter readAfter;

    GetStatisticsHandler(AggregationService aggregations, ReadAfterWaiter readAfter) {
        super("iot", "GetStatistics");
        this.aggregations = aggregations;
        this.readAfter = readAfter;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return readAfter.answer(request, () -> aggregations
                .statistics(
                        request.string("indexName", ThingIndex.AWS_NAME),
                        request.string("queryString"),
                        request.string("aggregationField", AggregationService.DEFAULT_FIELD))
                .map(AwsResponse::json));
    }
}
