package io.iotdm.indexing.dynamic;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.grpc.indexing.v1.ValidateQueryRequest;
import io.iotdm.grpc.indexing.v1.ValidateQueryResponse;
import io.iotdm.indexing.config.IndexingConfigurationService;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.search.FleetQueries;
import jakarta.inject.Singleton;

/**
 * ValidateQuery: a dynamic group's index, query version and query checked as CreateDynamicThingGroup needs them, the
 * query by SearchIndex's parser and translator under the indexing configuration in force, without running it.
 * Blocking (the configuration may be read): call on a worker thread.
 */
@Singleton
class QueryValidation {

    static final String QUERY_VERSION = "2017-09-30";

    private final FleetQueries queries;
    private final IndexingConfigurationService configurations;

    QueryValidation(FleetQueries queries, IndexingConfigurationService configurations) {
        this.queries = queries;
        this.configurations = configurations;
    }

    ValidateQueryResponse validate(ValidateQueryRequest request) {
        String version = request.getQueryVersion().isEmpty() ? QUERY_VERSION : request.getQueryVersion();
        if (!QUERY_VERSION.equals(version)) {
            return invalidRequest("Unsupported queryVersion " + version + ": only " + QUERY_VERSION + " is supported");
        }
        String index = request.getIndexName().isEmpty() ? ThingIndex.AWS_NAME : request.getIndexName();
        if (!ThingIndex.AWS_NAME.equals(index)) {
            return invalidRequest(
                    "Dynamic thing groups can only use the index " + ThingIndex.AWS_NAME + ", not " + index);
        }
        if (!configurations.current().thingIndexOn()) {
            return invalidRequest("Dynamic thing groups need thing indexing: thingIndexingMode is OFF"
                    + " (turn it on with UpdateIndexingConfiguration)");
        }
        try {
            queries.dynamicGroupQuery(request.getQueryString(), false);
        } catch (AwsServiceException invalid) {
            return ValidateQueryResponse.newBuilder()
                    .setErrorCode(invalid.code().name())
                    .setMessage(invalid.getMessage())
                    .build();
        }
        return ValidateQueryResponse.getDefaultInstance();
    }

    private static ValidateQueryResponse invalidRequest(String message) {
        return ValidateQueryResponse.newBuilder()
                .setErrorCode("InvalidRequestException")
                .setMessage(message)
                .build();
    }
}
