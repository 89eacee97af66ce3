package io.iotdm.jobs.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.jobs.store.ExecutionStatus;
import io.iotdm.jobs.store.ExponentialRate;
import io.iotdm.jobs.store.Job;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.SchedulingConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Jobs as the control plane's outputs spell them; dates in epoch seconds (docs/aws-behaviour.md §0). */
final class JobJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** AWS: {@code scheduledJobRollouts} "displays the next seven maintenance window occurrences". */
    static final int SCHEDULED_ROLLOUTS = 7;

    private JobJson() {}

    /** CreateJob's and CancelJob's output. */
    static ObjectNode reference(Job job, Arns arns) {
        ObjectNode output =
                JSON.objectNode().put("jobArn", arns.job(job.jobId())).put("jobId", job.jobId());
        if (job.description() != null) {
            output.put("description", job.description());
        }
        return output;
    }

    /**
     * DescribeJob's {@code job}.
     *
     * @param processingTargets the things the rollout has not reached yet; empty once it has reached all
     * @param now when the job is described: {@code scheduledJobRollouts} lists the maintenance windows' next starts
     */
    static ObjectNode described(
            Job job, Map<ExecutionStatus, Long> counts, List<String> processingTargets, Arns arns, Instant now) {
        ObjectNode described = JSON.objectNode()
                .put("jobArn", arns.job(job.jobId()))
                .put("jobId", job.jobId())
                .put("targetSelection", job.targetSelection())
                .put("status", job.status().name());
        if (job.forceCanceled() != null) {
            described.put("forceCanceled", job.forceCanceled());
        }
        if (job.reasonCode() != null) {
            described.put("reasonCode", job.reasonCode());
        }
        if (job.comment() != null) {
            described.put("comment", job.comment());
        }
        job.targets().forEach(described.putArray("targets")::add);
        if (job.description() != null) {
            described.put("description", job.description());
        }
        ExponentialRate exponential = job.configurations().exponentialRate();
        if (job.maximumPerMinute() != null || exponential != null) {
            ObjectNode rollout = described.putObject("jobExecutionsRolloutConfig");
            if (job.maximumPerMinute() != null) {
                rollout.put("maximumPerMinute", job.maximumPerMinute());
            }
            if (exponential != null) {
                rollout.set("exponentialRate", exponential.json());
            }
        }
        if (job.configurations().abortConfig() != null) {
            described.set("abortConfig", job.configurations().abortConfig().json());
        }
        dates(described, job);
        ObjectNode details = described.putObject("jobProcessDetails");
        if (!processingTargets.isEmpty()) {
            processingTargets.forEach(details.putArray("processingTargets")::add);
        }
        for (ExecutionStatus status : ExecutionStatus.values()) {
            details.put(status.processDetailsMember(), counts.get(status));
        }
        if (job.configurations().inProgressTimeoutInMinutes() != null) {
            described
                    .putObject("timeoutConfig")
                    .put("inProgressTimeoutInMinutes", job.configurations().inProgressTimeoutInMinutes());
        }
        if (job.configurations().retryConfig() != null) {
            described.set(
                    "jobExecutionsRetryConfig",
                    job.configurations().retryConfig().json());
        }
        SchedulingConfig scheduling = job.configurations().schedulingConfig();
        if (scheduling != null) {
            described.set("schedulingConfig", scheduling.json());
            if (!scheduling.windows().isEmpty()) {
                ArrayNode rollouts = described.putArray("scheduledJobRollouts");
                scheduling.nextWindows(now, SCHEDULED_ROLLOUTS).forEach(start -> rollouts.addObject()
                        .put("startTime", SchedulingConfig.text(start)));
            }
        }
        described.put("isConcurrent", !processingTargets.isEmpty());
        return described;
    }

    /** A ListJobs summary. */
    static ObjectNode summary(JobRepository.Summary summary, Arns arns) {
        Job job = summary.job();
        ObjectNode listed =
                JSON.objectNode().put("jobArn", arns.job(job.jobId())).put("jobId", job.jobId());
        if (summary.thingGroupId() != null) {
            listed.put("thingGroupId", summary.thingGroupId());
        }
        listed.put("targetSelection", job.targetSelection())
                .put("status", job.status().name());
        dates(listed, job);
        listed.put("isConcurrent", summary.rollingOut());
        return listed;
    }

    private static void dates(ObjectNode output, Job job) {
        output.put("createdAt", Timestamps.epochSeconds(job.createdAt()))
                .put("lastUpdatedAt", Timestamps.epochSeconds(job.lastUpdatedAt()));
        if (job.completedAt() != null) {
            output.put("completedAt", Timestamps.epochSeconds(job.completedAt()));
        }
    }
}
