package io.iotdm.jobs.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The MQTT pushes of a change to things' pending executions (docs/aws-behaviour.md §5.3, §5.17): {@code
 * $aws/things/<thing>/jobs/notify} with the thing's pending executions each time one is queued, changes or ends, and
 * {@code .../notify-next} with the head of its queue when that head is another execution than the device was last told
 * ({@code thing_queue_head}). They are events on {@value DeviceMessages#OUTBOUND_TOPIC}, committed with the change
 * through the outbox, so a device is told of every change that committed and of none that did not.
 */
@ApplicationScoped
public class DeviceNotifications {

    /** notify lists at most this many executions of each status (docs/aws-behaviour.md §5.3). */
    static final int LIMIT = 10;

    private static final JsonMapper JSON = new JsonMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A {@code JobExecutionSummary} as the device API spells it: dates in whole epoch seconds. */
    public static ObjectNode summary(JobExecution execution) {
        ObjectNode summary = NODES.objectNode().put("jobId", execution.jobId());
        summary.put("queuedAt", execution.queuedAt().getEpochSecond());
        if (execution.startedAt() != null) {
            summary.put("startedAt", execution.startedAt().getEpochSecond());
        }
        return summary.put("lastUpdatedAt", execution.lastUpdatedAt().getEpochSecond())
                .put("versionNumber", execution.versionNumber())
                .put("executionNumber", execution.executionNumber());
    }

    /** The pushes for the things whose executions the caller's transaction changed, each thing once. */
    public Uni<List<Event>> changed(SqlClient transaction, Collection<String> thingNames, Instant at) {
        if (thingNames.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] things = new LinkedHashSet<>(thingNames).toArray(String[]::new);
        return pending(transaction, things)
                .chain(pending -> heads(transaction, things).chain(told -> {
                    List<Event> events = new ArrayList<>();
                    Map<String, JobExecution> newHeads = new LinkedHashMap<>();
                    Set<String> emptied = new LinkedHashSet<>();
                    for (String thing : things) {
                        List<JobExecution> queue = pending.getOrDefault(thing, List.of());
                        events.add(notify(thing, queue, at));
                        JobExecution head = queue.isEmpty() ? null : queue.getFirst();
                        String headKey = head == null ? null : head.jobId() + "#" + head.executionNumber();
                        if (!Objects.equals(headKey, told.get(thing))) {
                            if (head == null) {
                                emptied.add(thing);
                            } else {
                                newHeads.put(thing, head);
                            }
                        }
                    }
                    return documents(transaction, newHeads.values())
                            .chain(documents -> remember(transaction, newHeads, emptied)
                                    .map(ignored -> {
                                        newHeads.forEach((thing, head) ->
                                                events.add(notifyNext(thing, head, documents.get(head.jobId()), at)));
                                        emptied.forEach(thing -> events.add(notifyNext(thing, null, null, at)));
                                        return events;
                                    }));
                }));
    }

    private static Event notify(String thing, List<JobExecution> queue, Instant at) {
        ObjectNode payload = NODES.objectNode().put("timestamp", at.getEpochSecond());
        ObjectNode jobs = payload.putObject("jobs");
        for (JobExecution execution : queue) {
            ArrayNode list = jobs.withArray(execution.status().name());
            if (list.size() < LIMIT) {
                list.add(summary(execution));
            }
        }
        return push(thing, "notify", payload);
    }

    private static Event notifyNext(String thing, JobExecution head, String document, Instant at) {
        ObjectNode payload = NODES.objectNode().put("timestamp", at.getEpochSecond());
        if (head != null) {
            ObjectNode execution = payload.putObject("execution")
                    .put("jobId", head.jobId())
                    .put("status", head.status().name())
                    .put("queuedAt", head.queuedAt().getEpochSecond())
                    .put("lastUpdatedAt", head.lastUpdatedAt().getEpochSecond())
                    .put("versionNumber", head.versionNumber())
                    .put("executionNumber", head.executionNumber());
            try {
                // the job document is an object over MQTT (docs/aws-behaviour.md §5.3)
                execution.set("jobDocument", JSON.readTree(document));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A stored job document is not JSON", e);
            }
        }
        return push(thing, "notify-next", payload);
    }

    private static Event push(String thing, String topic, ObjectNode payload) {
        return new Event(
                DeviceMessages.OUTBOUND_TOPIC,
                thing,
                "$aws/things/" + thing + "/jobs/" + topic,
                UUID.randomUUID().toString(),
                0,
                payload);
    }

    /** Each thing's pending executions as a device works them, at most {@link #LIMIT} of each status. */
    private static Uni<Map<String, List<JobExecution>>> pending(SqlClient transaction, String[] things) {
        return transaction
                .preparedQuery("SELECT " + ExecutionRepository.COLUMNS + " FROM (SELECT *, row_number() OVER"
                        + " (PARTITION BY thing_name, status ORDER BY queued_at, job_id) AS place FROM job_execution"
                        + " WHERE thing_name = ANY($1) AND status IN ('IN_PROGRESS', 'QUEUED')) AS e WHERE place <= $2"
                        + " ORDER BY thing_name, status = 'QUEUED', queued_at, job_id")
                .execute(Tuple.of(things, LIMIT))
                .map(rows -> {
                    Map<String, List<JobExecution>> byThing = new HashMap<>();
                    rows.forEach(row -> {
                        JobExecution execution = ExecutionRepository.execution(row);
                        byThing.computeIfAbsent(execution.thingName(), thing -> new ArrayList<>())
                                .add(execution);
                    });
                    return byThing;
                });
    }

    /** The head each device was last told, as {@code jobId#executionNumber}. */
    private static Uni<Map<String, String>> heads(SqlClient transaction, String[] things) {
        return transaction
                .preparedQuery("SELECT thing_name, job_id || '#' || execution_number FROM thing_queue_head"
                        + " WHERE thing_name = ANY($1) FOR UPDATE")
                .execute(Tuple.of((Object) things))
                .map(rows -> {
                    Map<String, String> heads = new HashMap<>();
                    rows.forEach(row -> heads.put(row.getString(0), row.getString(1)));
                    return heads;
                });
    }

    private final DeviceDocuments deviceDocuments;

    DeviceNotifications(DeviceDocuments deviceDocuments) {
        this.deviceDocuments = deviceDocuments;
    }

    /** The heads' job documents as devices get them (docs/aws-behaviour.md §5.22), by job id. */
    private Uni<Map<String, String>> documents(SqlClient transaction, Collection<JobExecution> heads) {
        if (heads.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] jobIds = heads.stream().map(JobExecution::jobId).distinct().toArray(String[]::new);
        return transaction
                .preparedQuery("SELECT job_id, document FROM job WHERE job_id = ANY($1)")
                .execute(Tuple.of((Object) jobIds))
                .chain(rows -> {
                    Map<String, String> documents = new HashMap<>();
                    Uni<Void> substituted = Uni.createFrom().voidItem();
                    for (var row : rows) {
                        String jobId = row.getString(0);
                        substituted = substituted.chain(() -> deviceDocuments
                                .forDevice(transaction, jobId, row.getString(1))
                                .invoke(document -> documents.put(jobId, document))
                                .replaceWithVoid());
                    }
                    return substituted.replaceWith(documents);
                });
    }

    private static Uni<Void> remember(SqlClient transaction, Map<String, JobExecution> heads, Set<String> emptied) {
        Uni<Void> forget = emptied.isEmpty()
                ? Uni.createFrom().voidItem()
                : transaction
                        .preparedQuery("DELETE FROM thing_queue_head WHERE thing_name = ANY($1)")
                        .execute(Tuple.of((Object) emptied.toArray(String[]::new)))
                        .replaceWithVoid();
        if (heads.isEmpty()) {
            return forget;
        }
        return forget.chain(() -> transaction
                .preparedQuery("INSERT INTO thing_queue_head (thing_name, job_id, execution_number)"
                        + " SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])"
                        + " ON CONFLICT (thing_name) DO UPDATE SET job_id = excluded.job_id,"
                        + " execution_number = excluded.execution_number")
                .execute(Tuple.of(
                        heads.keySet().toArray(String[]::new),
                        heads.values().stream().map(JobExecution::jobId).toArray(String[]::new),
                        heads.values().stream()
                                .map(JobExecution::executionNumber)
                                .toArray(Long[]::new)))
                .replaceWithVoid());
    }
}
