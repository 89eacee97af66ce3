package io.iotdm.indexing.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.indexing.index.ThingIndex;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** GetBucketsAggregation, {@code POST /indices/buckets}. {@code aggregationField} and {@code bucketsAggregationType} are required (the route checks that, and {@code maxBuckets} 1 to 10000); without {@code termsAggregation.maxBuckets}: 10, AWS's default. {@code queryVersion} is accepted and ignored (there is one version). */
@Singleton
class GetBucketsAggregationHandler extends AwsOperationHandler {

    private final AggregationService aggregations;

    GetBucketsAggregationHandler(AggregationService aggregations) {
        super("iot", "GetBucketsAggregation");
        this.aggregations = aggregations;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String field = request.string("aggregationField");
        JsonNode maxBuckets =
                request.node("bucketsAggregationType").path("termsAggregation").path("maxBuckets");
        return aggregations
                .buckets(
                        request.string("indexName", ThingIndex.AWS_NAME),
                        request.string("queryString"),
                        field,
                        maxBuckets.canConvertToInt() ? maxBuckets.asInt() : AggregationService.DEFAULT_MAX_BUCKETS)
                .map(AwsResponse::json);
    }
}
