package io.iotdm.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The jobs-service's events, with AWS's payloads (Developer Guide, "Jobs events"): JOB on {@code aws.events.job} (key:
 * the job id) and JOB_EXECUTION on {@code aws.events.jobExecution} (key: the thing name, so that one device's events
 * keep their order). AWS's examples give {@code timestamp} and the job's dates in epoch seconds (unlike the registry's
 * milliseconds; docs/aws-behaviour.md §5.9), and so do these.
 *
 * <p>Resource versions (the {@code resource-version} header): every event of the jobs-service takes the next value of
 * one sequence, which never restarts.
 */
public final class JobEvents {

    public static final String JOB_TOPIC = "aws.events.job";
    public static final String JOB_EXECUTION_TOPIC = "aws.events.jobExecution";

    /** What happened to a job: the last segment of {@code $aws/events/job/{jobId}/...}. */
    public enum JobChange {
        CREATED,
        COMPLETED,
        CANCELED,
        DELETION_IN_PROGRESS,
        DELETED
    }

    /** The job as a JOB event describes it; {@code completedAt} and {@code comment} may be {@code null}. */
    public record Job(
            String jobId,
            String status,
            String targetSelection,
            List<String> targets,
            String description,
            Instant createdAt,
            Instant lastUpdatedAt,
            Instant completedAt,
            String comment) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code $aws/events/job/{jobId}/{change}}.
     *
     * @param processDetails for {@link JobChange#COMPLETED} only (else {@code null}): the number of things per terminal
     *     execution status, under AWS's names ({@code numberOfSucceededThings}, ...)
     * @param revision the event's resource version
     */
    public Event job(JobChange change, Job job, Map<String, Long> processDetails, long revision, Instant at) {
        String eventId = UUID.randomUUID().toString();
        String operation = change.name().toLowerCase(Locale.ROOT);
        ObjectNode payload = JSON.createObjectNode();
        payload.put("eventType", "JOB");
        payload.put("eventId", eventId);
        payload.put("timestamp", at.getEpochSecond());
        payload.put("operation", operation);
        payload.put("jobId", job.jobId());
        payload.put("status", job.status());
        payload.put("targetSelection", job.targetSelection());
        job.targets().forEach(payload.putArray("targets")::add);
        payload.put("description", job.description());
        payload.put("createdAt", job.createdAt().getEpochSecond());
        payload.put("lastUpdatedAt", job.lastUpdatedAt().getEpochSecond());
        if (job.completedAt() != null) {
            payload.put("completedAt", job.completedAt().getEpochSecond());
        }
        if (job.comment() != null) {
            payload.put("comment", job.comment());
        }
        if (processDetails != null) {
            ObjectNode details = payload.putObject("jobProcessDetails");
            processDetails.forEach(details::put);
        }
        return new Event(
                JOB_TOPIC, job.jobId(), "$aws/events/job/" + job.jobId() + "/" + operation, eventId, revision, payload);
    }

    /**
     * {@code $aws/events/jobExecution/{jobId}/{status}}, for an execution that reached a terminal status or was deleted.
     *
     * @param operation the topic's last segment: {@code succeeded}, {@code failed}, {@code rejected}, {@code canceled},
     *     {@code timed_out}, {@code removed} or {@code deleted}
     * @param status the execution's status (its last one, for a deleted execution)
     */
    public Event jobExecution(
            String operation,
            String jobId,
            String thingName,
            String thingArn,
            String status,
            Map<String, String> statusDetails,
            long revision,
            Instant at) {
        String eventId = UUID.randomUUID().toString();
        ObjectNode payload = JSON.createObjectNode();
        payload.put("eventType", "JOB_EXECUTION");
        payload.put("eventId", eventId);
        payload.put("timestamp", at.getEpochSecond());
        payload.put("operation", operation);
        payload.put("jobId", jobId);
        payload.put("thingArn", thingArn);
        payload.put("status", status);
        ObjectNode details = payload.putObject("statusDetails");
        statusDetails.forEach(details::put);
        return new Event(
                JOB_EXECUTION_TOPIC,
                thingName,
                "$aws/events/jobExecution/" + jobId + "/" + operation,
                eventId,
                revision,
                payload);
    }
}
