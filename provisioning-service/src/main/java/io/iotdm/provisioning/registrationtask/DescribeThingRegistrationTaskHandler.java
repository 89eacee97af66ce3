package io.iotdm.provisioning.registrationtask;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A task's inputs, status and progress: the counts move while it runs. */
@Singleton
class DescribeThingRegistrationTaskHandler extends AwsOperationHandler {

    private final RegistrationTaskService tasks;

    DescribeThingRegistrationTaskHandler(RegistrationTaskService tasks) {
        super("iot", "DescribeThingRegistrationTask");
        this.tasks = tasks;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return tasks.describe(request.string("taskId")).map(task -> {
            ObjectNode output = JsonNodeFactory.instance
                    .objectNode()
                    .put("taskId", task.taskId())
                    .put("creationDate", Timestamps.epochSeconds(task.creationDate()))
                    .put("lastModifiedDate", Timestamps.epochSeconds(task.lastModifiedDate()))
                    .put("templateBody", task.templateBody())
                    .put("inputFileBucket", task.input().bucket())
                    .put("inputFileKey", task.input().key())
                    .put("roleArn", task.roleArn())
                    .put("status", task.status().name())
                    .put("successCount", task.successCount())
                    .put("failureCount", task.failureCount())
                    .put("percentageProgress", task.percentageProgress());
            if (task.message() != null) {
                output.put("message", task.message());
            }
            return AwsResponse.json(output);
        });
    }
}
