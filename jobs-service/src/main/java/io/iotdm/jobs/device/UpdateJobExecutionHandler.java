package io.iotdm.jobs.device;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.jobs.store.ExecutionStatus;
import io.iotdm.jobs.store.StatusDetails;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A device reports the status of its execution of a job (docs/aws-behaviour.md §5.3). */
@Singleton
class UpdateJobExecutionHandler extends AwsOperationHandler {

    private final DeviceJobs devices;

    UpdateJobExecutionHandler(DeviceJobs devices) {
        super("iot-jobs-data", "UpdateJobExecution");
        this.devices = devices;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return devices.update(new ExecutionUpdate(
                        request.string("thingName"),
                        request.string("jobId"),
                        ExecutionStatus.valueOf(request.string("status")),
                        StatusDetails.of(request.node("statusDetails")),
                        request.number("expectedVersion"),
                        request.number("executionNumber"),
                        request.flag("includeJobExecutionState"),
                        request.flag("includeJobDocument"),
                        request.number("stepTimeoutInMinutes")))
                .map(AwsResponse::json);
    }
}
