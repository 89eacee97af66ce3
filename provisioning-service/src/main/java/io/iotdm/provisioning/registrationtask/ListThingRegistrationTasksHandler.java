package io.iotdm.provisioning.registrationtask;

import com.fasterxml.jackson.databind.node.TextNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Task ids, newest first, of one status if {@code status} is given. */
@Singleton
class ListThingRegistrationTasksHandler extends AwsOperationHandler {

    /** AWS does not state it; the model's maximum, so that a caller without maxResults pages as rarely as possible. */
    static final int DEFAULT_PAGE_SIZE = 250;

    private final RegistrationTaskService tasks;

    ListThingRegistrationTasksHandler(RegistrationTaskService tasks) {
        super("iot", "ListThingRegistrationTasks");
        this.tasks = tasks;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String status = request.string("status");
        return tasks.list(
                        status == null ? null : TaskStatus.valueOf(status),
                        request.string("nextToken"),
                        request.pageSize("maxResults", DEFAULT_PAGE_SIZE))
                .map(page -> AwsResponse.json(page.json("taskIds", task -> TextNode.valueOf(task.taskId()))));
    }
}
