package io.iotdm.provisioning.registrationtask;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Stops a task: Cancelling, then Cancelled once its runner has written the reports of the lines done. */
@Singleton
class StopThingRegistrationTaskHandler extends AwsOperationHandler {

    private final RegistrationTaskService tasks;

    StopThingRegistrationTaskHandler(RegistrationTaskService tasks) {
        super("iot", "StopThingRegistrationTask");
        this.tasks = tasks;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return tasks.stop(request.string("taskId")).map(stopped -> AwsResponse.empty());
    }
}
