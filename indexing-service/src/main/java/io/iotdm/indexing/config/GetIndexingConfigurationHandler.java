package io.iotdm.indexing.config;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class GetIndexingConfigurationHandler extends AwsOperationHandler {

    private final IndexingConfigurationService configurations;

    GetIndexingConfigurationHandler(IndexingConfigurationService configurations) {
        super("iot", "GetIndexingConfiguration");
        this.configurations = configurations;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return configurations.get().map(AwsResponse::json);
    }
}
