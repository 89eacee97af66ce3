package io.iotdm.jobs.execution;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Clock;

/** A thing's execution of a job: the latest, or the one of {@code executionNumber}. */
@Singleton
class DescribeJobExecutionHandler extends AwsOperationHandler {

    private final ExecutionService executions;
    private final Arns arns;
    private final Clock clock;

    DescribeJobExecutionHandler(ExecutionService executions, Arns arns, Clock clock) {
        super("iot", "DescribeJobExecution");
        this.executions = executions;
        this.arns = arns;
        this.clock = clock;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return executions
                .describe(request.string("jobId"), request.string("thingName"), request.number("executionNumber"))
                .map(execution -> {
                    ObjectNode output = JsonNodeFactory.instance.objectNode();
                    output.set("execution", ExecutionJson.described(execution, arns, clock.instant()));
                    return AwsResponse.json(output);
                });
    }
}
