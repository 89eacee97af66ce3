package io.iotdm.indexing.aggregation;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.indexing.index.ThingIndex;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** GetCardinality, {@code POST /indices/cardinality}. Without {@code aggregationField}: {@code registry.version}, as GetStatistics. {@code queryVersion} is accepted and ignored (there is one version). */
@Singleton
class GetCardinalityHandler extends AwsOperationHandler {

    private final AggregationService aggregations;

    GetCardinalityHandler(AggregationService aggregations) {
        super("iot", "GetCardinality");
        this.aggregations = aggregations;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return aggregations
                .cardinality(
                        request.string("indexName", ThingIndex.AWS_NAME),
                        request.string("queryString"),
                        request.string("aggregationField", AggregationService.DEFAULT_FIELD))
                .map(AwsResponse::json);
    }
}
