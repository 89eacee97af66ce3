package io.iotdm.provisioning.registrationtask;

import com.fasterxml.jackson.databind.node.TextNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Presigned links to a task's report objects of one type (RESULTS or ERRORS); none while the task runs. */
@Singleton
class ListThingRegistrationTaskReportsHandler extends AwsOperationHandler {

    /** AWS does not state it; the model's maximum. */
    static final int DEFAULT_PAGE_SIZE = 250;

    private final RegistrationTaskService tasks;

    ListThingRegistrationTaskReportsHandler(RegistrationTaskService tasks) {
        super("iot", "ListThingRegistrationTaskReports");
        this.tasks = tasks;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        ReportType type = ReportType.valueOf(request.string("reportType"));
        return tasks.reports(
                        request.string("taskId"),
                        type,
                        request.string("nextToken"),
                        request.pageSize("maxResults", DEFAULT_PAGE_SIZE))
                .map(page -> AwsResponse.json(
                        page.json("resourceLinks", TextNode::valueOf).put("reportType", type.name())));
    }
}
