package io.iotdm.jobs.device;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.jobs.store.StatusDetails;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Starts the thing's next pending execution, or answers the one it has IN_PROGRESS (docs/aws-behaviour.md §5.3). */
@Singleton
class StartNextPendingJobExecutionHandler extends AwsOperationHandler {

    private final DeviceJobs devices;

    StartNextPendingJobExecutionHandler(DeviceJobs devices) {
        super("iot-jobs-data", "StartNextPendingJobExecution");
        this.devices = devices;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return devices.startNext(
                        request.string("thingName"),
                        StatusDetails.of(request.node("statusDetails")),
                        request.number("stepTimeoutInMinutes"))
                .map(AwsResponse::json);
    }
}
