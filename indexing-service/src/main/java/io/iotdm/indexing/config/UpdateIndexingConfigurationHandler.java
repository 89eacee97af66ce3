package io.iotdm.indexing.config;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class UpdateIndexingConfigurationHandler extends AwsOperationHandler {

    private final IndexingConfigurationService configurations;

    UpdateIndexingConfigurationHandler(IndexingConfigurationService configurations) {
        super("iot", "UpdateIndexingConfiguration");
        this.configurations = configurations;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return configurations.update(request.input()).replaceWith(AwsResponse.empty());
    }
}
