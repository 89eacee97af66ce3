package io.iotdm.indexing.config;

import com.fasterxml.jackson.databind.node.TextNode;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.aws.service.Page;
import io.iotdm.indexing.index.GroupIndex;
import io.iotdm.indexing.index.ThingIndex;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ListIndices ({@code GET /indices}): the indices whose indexing is on, by name. */
@Singleton
class ListIndicesHandler extends AwsOperationHandler {

    static final String OPERATION = "ListIndices";

    /** The model's QueryMaxResults allows 1–500; AWS documents no default: its maximum. */
    static final int DEFAULT_MAX_RESULTS = 500;

    private final IndexingConfigurationService configurations;
    private final PaginationTokens tokens;

    ListIndicesHandler(IndexingConfigurationService configurations, PaginationTokens tokens) {
        super("iot", OPERATION);
        this.configurations = configurations;
        this.tokens = tokens;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        int maxResults = request.pageSize("maxResults", DEFAULT_MAX_RESULTS);
        String nextToken = request.string("nextToken");
        return Uni.createFrom()
                .item(configurations::current)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(settings -> {
                    String after = nextToken == null ? null : tokens.cursor(OPERATION, Map.of(), nextToken);
                    List<String> names = new ArrayList<>();
                    if (settings.thingIndexOn()) {
                        names.add(ThingIndex.AWS_NAME);
                    }
                    if (settings.groupIndexOn()) {
                        names.add(GroupIndex.AWS_NAME);
                    }
                    List<String> fetched = names.stream()
                            .sorted()
                            .filter(name -> after == null || name.compareTo(after) > 0)
                            .limit(maxResults + 1L)
                            .toList();
                    Page<String> page = Page.of(fetched, maxResults, last -> tokens.issue(OPERATION, Map.of(), last));
                    return AwsResponse.json(page.json("indexNames", TextNode::valueOf));
                });
    }
}
