package io.iotdm.indexing.connectivity;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;

/** GetThingConnectivityData ({@code POST /things/{thingName}/connectivity-data}); {@link ConnectivityDataService}. */
@Singleton
class GetThingConnectivityDataHandler extends AwsOperationHandler {

    private final ConnectivityDataService service;

    GetThingConnectivityDataHandler(ConnectivityDataService service) {
        super("iot", "GetThingConnectivityData");
        this.service = service;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String thingName = request.string("thingName");
        return Uni.createFrom()
                .item(() -> service.connectivityData(thingName))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(AwsResponse::json);
    }
}
