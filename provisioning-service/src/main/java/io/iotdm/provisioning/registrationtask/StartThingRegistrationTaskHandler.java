package io.iotdm.provisioning.registrationtask;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A bulk registration task, stored in progress; it runs in the background. */
@Singleton
class StartThingRegistrationTaskHandler extends AwsOperationHandler {

    private final RegistrationTaskService tasks;

    StartThingRegistrationTaskHandler(RegistrationTaskService tasks) {
        super("iot", "StartThingRegistrationTask");
        this.tasks = tasks;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return tasks.start(
                        request.string("templateBody"),
                        new TaskInput(request.string("inputFileBucket"), request.string("inputFileKey")),
                        request.string("roleArn"))
                .map(taskId ->
                        AwsResponse.json(JsonNodeFactory.instance.objectNode().put("taskId", taskId)));
    }
}
