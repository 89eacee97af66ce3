package io.iotdm.indexing.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.search.ReadAfterWaiter;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** GetBucketsAggregation, {@code POST /indices/buckets}. {@code aggregationField} and {@code bucketsAggregationType} are required (the route checks that, and {@code maxBuckets} 1 to 10000); without {@code termsAggregation.maxBuckets}: 10, AWS's default. {@code queryVersion} is accepted and ignored (there is one version). Beyond AWS, opt-in: {@code iotdm-read-after} ({@link ReadAfterWaiter}). */
@Singleton
class GetBucketsAggregationHandler extends AwsOperationHandler {

    private final AggregationService aggregations;
    private final ReadAfterWaiter readAfter;

    GetBucketsAggregationHandler(AggregationService aggregations, ReadAfterWaiter readAfter) {
        super("iot", "GetBucketsAggregation");
        this.aggregations = aggregations;
        this.readAfter = readAfter;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String field = request.string("aggregationField");
        JsonNode maxBuckets =
                request.node("bucketsAggregationType").path("termsAggregation").path("maxBuckets");
        return readAfter.answer(request, () -> aggregations
                .buckets(
                        request.string("indexName", ThingIndex.AWS_NAME),
                        request.string("queryString"),
                        field,
                        maxBuckets.canConvertToInt() ? maxBuckets.asInt() : AggregationService.DEFAULT_MAX_BUCKETS)
                .map(AwsResponse::json));
    }
}
