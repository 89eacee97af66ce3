package io.iotdm.jobs.execution;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.jobs.store.JobExecution;
import java.time.Instant;

/** Job executions as the control plane's outputs spell them; dates in epoch seconds (docs/aws-behaviour.md §0). */
final class ExecutionJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ExecutionJson() {}

    /**
     * DescribeJobExecution's {@code execution}; {@code approximateSecondsBeforeTimedOut} from {@code now} while a timer
     * runs (docs/aws-behaviour.md §5.11).
     */
    static ObjectNode described(JobExecution execution, Arns arns, Instant now) {
        ObjectNode output = JSON.objectNode()
                .put("jobId", execution.jobId())
                .put("status", execution.status().name())
                .put("forceCanceled", execution.forceCanceled());
        ObjectNode details = output.putObject("statusDetails").putObject("detailsMap");
        execution.statusDetails().forEach(details::put);
        output.put("thingArn", arns.thing(execution.thingName()));
        dates(output, execution);
        output.put("versionNumber", execution.versionNumber());
        Long secondsLeft = execution.secondsBeforeTimedOut(now);
        if (secondsLeft != null) {
            output.put("approximateSecondsBeforeTimedOut", secondsLeft);
        }
        return output;
    }

    /** A summary of ListJobExecutionsForJob. */
    static ObjectNode ofJob(JobExecution execution, Arns arns) {
        ObjectNode listed = JSON.objectNode().put("thingArn", arns.thing(execution.thingName()));
        listed.set("jobExecutionSummary", summary(execution));
        return listed;
    }

    /** A summary of ListJobExecutionsForThing. */
    static ObjectNode ofThing(JobExecution execution) {
        ObjectNode listed = JSON.objectNode().put("jobId", execution.jobId());
        listed.set("jobExecutionSummary", summary(execution));
        return listed;
    }

    private static ObjectNode summary(JobExecution execution) {
        ObjectNode summary = JSON.objectNode().put("status", execution.status().name());
        return dates(summary, execution).put("retryAttempt", execution.retryAttempt());
    }

    private static ObjectNode dates(ObjectNode output, JobExecution execution) {
        output.put("queuedAt", Timestamps.epochSeconds(execution.queuedAt()));
        if (execution.startedAt() != null) {
            output.put("startedAt", Timestamps.epochSeconds(execution.startedAt()));
        }
        output.put("lastUpdatedAt", Timestamps.epochSeconds(execution.lastUpdatedAt()));
        return output.put("executionNumber", execution.executionNumber());
    }
}
