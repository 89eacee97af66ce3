package io.iotdm.indexing.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.indexing.index.GroupIndex;
import io.iotdm.indexing.index.ThingIndex;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;

/**
 * DescribeIndex ({@code GET /indices/{indexName}}). {@code AWS_Things} exists while thing indexing is not OFF:
 * {@code BUILDING} until its first generation is complete, {@code REBUILDING} from a configuration change that needs
 * other documents until the new generation replaces the old (also in the moment before the coordinator has started
 * it), {@code ACTIVE} otherwise. A build's progress is in the iotdm extension header {@value #PROGRESS_HEADER}
 * ({@code <things done>/<things in the registry>}). {@code AWS_ThingGroups} exists while {@code thingGroupIndexingMode}
 * is ON, always {@code ACTIVE} (the group index is kept from the events whatever the mode, see GroupIndex) with
 * schema {@code REGISTRY} (groups hold registry data only; AWS documents no schema for this index).
 */
@Singleton
class DescribeIndexHandler extends AwsOperationHandler {

    static final String PROGRESS_HEADER = "iotdm-index-progress";

    private record Described(IndexingSettings requested, ThingIndexState state) {}

    private final IndexingConfigurationService configurations;
    private final ThingIndexStateStore states;
    private final AwsErrors errors;

    DescribeIndexHandler(IndexingConfigurationService configurations, ThingIndexStateStore states, AwsErrors errors) {
        super("iot", "DescribeIndex");
        this.configurations = configurations;
        this.states = states;
        this.errors = errors;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String indexName = request.string("indexName");
        return Uni.createFrom()
                .item(() -> new Described(configurations.current(), states.current()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(described -> {
                    IndexingSettings requested = described.requested();
                    if (GroupIndex.AWS_NAME.equals(indexName) && requested.groupIndexOn()) {
                        return AwsResponse.json(JsonNodeFactory.instance
                                .objectNode()
                                .put("indexName", GroupIndex.AWS_NAME)
                                .put("indexStatus", "ACTIVE")
                                .put("schema", IndexingSettings.REGISTRY));
                    }
                    if (!ThingIndex.AWS_NAME.equals(indexName) || !requested.thingIndexOn()) {
                        throw errors.resourceNotFound("Index " + indexName + " does not exist");
                    }
                    ThingIndexState state = described.state();
                    AwsResponse response = AwsResponse.json(JsonNodeFactory.instance
                            .objectNode()
                            .put("indexName", ThingIndex.AWS_NAME)
                            .put("indexStatus", status(state, requested))
                            .put("schema", requested.schema()));
                    ThingIndexState.Build build = state.building();
                    return build == null
                            ? response
                            : response.withExtension(PROGRESS_HEADER, build.done() + "/" + build.total());
                });
    }

    private static String status(ThingIndexState state, IndexingSettings requested) {
        if (state.building() != null) {
            return state.status();
        }
        if (state.live() == null) {
            return "BUILDING";
        }
        return state.live().settings().sameStorage(requested) ? "ACTIVE" : "REBUILDING";
    }
}
