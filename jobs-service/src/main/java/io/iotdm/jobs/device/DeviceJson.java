package io.iotdm.jobs.device;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.jobs.store.JobExecution;

/**
 * Executions as the device jobs API over HTTP spells them: dates in whole epoch seconds, the job document as a string
 * (docs/aws-behaviour.md §5.3).
 */
final class DeviceJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private DeviceJson() {}

    /** A {@code JobExecution}; {@code document} is left out when {@code null}. */
    static ObjectNode execution(JobExecution execution, String document) {
        ObjectNode output = JSON.objectNode()
                .put("jobId", execution.jobId())
                .put("thingName", execution.thingName())
                .put("status", execution.status().name());
        ObjectNode details = output.putObject("statusDetails");
        execution.statusDetails().forEach(details::put);
        dates(output, execution);
        output.put("versionNumber", execution.versionNumber()).put("executionNumber", execution.executionNumber());
        if (document != null) {
            output.put("jobDocument", document);
        }
        return output;
    }

    /** UpdateJobExecution's {@code executionState}. */
    static ObjectNode state(JobExecution execution) {
        ObjectNode state = JSON.objectNode().put("status", execution.status().name());
        ObjectNode details = state.putObject("statusDetails");
        execution.statusDetails().forEach(details::put);
        return state.put("versionNumber", execution.versionNumber());
    }

    private static void dates(ObjectNode output, JobExecution execution) {
        output.put("queuedAt", execution.queuedAt().getEpochSecond());
        if (execution.startedAt() != null) {
            output.put("startedAt", execution.startedAt().getEpochSecond());
        }
        output.put("lastUpdatedAt", execution.lastUpdatedAt().getEpochSecond());
    }
}
