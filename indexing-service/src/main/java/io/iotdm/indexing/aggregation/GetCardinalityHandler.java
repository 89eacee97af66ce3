package io.iotdm.indexing.aggregation;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.search.ReadAfterWaiter;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** GetCardinality, {@code POST /indices/cardinality}. Without {@code aggregationField}: {@code registry.version}, as GetStatistics. {@code queryVersion} is accepted and ignored (there is one version). Beyond AWS, opt-in: {@code iotdm-read-after} ({@link ReadAfterWaiter}). */
@Singleton
class GetCardinalityHandler extends AwsOperationHandler {

    private final AggregationService aggregations;
    private final ReadAfterWaiter readAfter;

    GetCardinalityHandler(AggregationService aggregations, ReadAfterWaiter readAfter) {
        super("iot", "GetCardinality");
        this.aggregations = aggregations;
        this.readAfter = readAfter;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return readAfter.answer(request, () -> aggregations
                .cardinality(
                        request.string("indexName", ThingIndex.AWS_NAME),
                        request.string("queryString"),
                        request.string("aggregationField", AggregationService.DEFAULT_FIELD))
                .map(AwsResponse::json));
    }
}
