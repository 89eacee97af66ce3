package io.iotdm.indexing.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.search.ReadAfterWaiter;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** GetPercentiles, {@code POST /indices/percentiles}. Without {@code aggregationField}: {@code registry.version}; without {@code percents}: 1, 5, 25, 50, 75, 95, 99 (the model checks 0 to 100). {@code queryVersion} is accepted and ignored (there is one version). Beyond AWS, opt-in: {@code iotdm-read-after} ({@link ReadAfterWaiter}). */
@Singleton
class GetPercentilesHandler extends AwsOperationHandler {

    private final AggregationService aggregations;
    private final ReadAfterWaiter readAfter;

    GetPercentilesHandler(AggregationService aggregations, ReadAfterWaiter readAfter) {
        super("iot", "GetPercentiles");
        this.aggregations = aggregations;
        this.readAfter = readAfter;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        List<Double> percents = new ArrayList<>();
        JsonNode asked = request.node("percents");
        if (asked != null && asked.isArray() && !asked.isEmpty()) {
            asked.forEach(percent -> percents.add(percent.asDouble()));
        } else {
            percents.addAll(AggregationService.DEFAULT_PERCENTS);
        }
        return readAfter.answer(request, () -> aggregations
                .percentiles(
                        request.string("indexName", ThingIndex.AWS_NAME),
                        request.string("queryString"),
                        request.string("aggregationField", AggregationService.DEFAULT_FIELD),
                        percents)
                .map(AwsResponse::json));
    }
}
