package io.iotdm.jobs.device;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The thing's IN_PROGRESS and QUEUED executions (docs/aws-behaviour.md §5.3). */
@Singleton
class GetPendingJobExecutionsHandler extends AwsOperationHandler {

    private final DeviceJobs devices;

    GetPendingJobExecutionsHandler(DeviceJobs devices) {
        super("iot-jobs-data", "GetPendingJobExecutions");
        this.devices = devices;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return devices.pending(request.string("thingName")).map(AwsResponse::json);
    }
}
