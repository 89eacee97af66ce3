package io.iotdm.jobs.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A thing's execution of a job, or of `$next`; the document as a string unless {@code includeJobDocument=false}. */
@Singleton
class DescribeJobExecutionHandler extends AwsOperationHandler {

    private final DeviceJobs devices;

    DescribeJobExecutionHandler(DeviceJobs devices) {
        super("iot-jobs-data", "DescribeJobExecution");
        this.devices = devices;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        JsonNode include = request.node("includeJobDocument");
        return devices.describe(
                        request.string("thingName"),
                        request.string("jobId"),
                        request.number("executionNumber"),
                        include.isMissingNode() || include.asBoolean())
                .map(AwsResponse::json);
    }
}
