package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.groupArn;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.thingArn;
import static io.iotdm.jobs.JobCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.iotdm.events.Event;
import io.iotdm.events.GroupEvents;
import io.iotdm.events.GroupEvents.Link;
import io.iotdm.jobs.rollout.RolloutEngine;
import io.iotdm.testing.KafkaTopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Continuous jobs (docs/aws-behaviour.md §5.19): things that join a target group after CreateJob get their execution
 * from the group-service's membership events, static and dynamic alike; a thing that leaves loses its QUEUED one.
 */
@QuarkusTest
@JobsTestResource
class ContinuousJobsTest {

    /** The group revisions of the events a test publishes: one sequence, growing, as the group-service's. */
    private static final AtomicLong REVISIONS = new AtomicLong(System.currentTimeMillis());

    private static final GroupEvents EVENTS = new GroupEvents("123456789012");

    @Inject
    TestPeers peers;

    @Inject
    TestClock clock;

    @Inject
    RolloutEngine engine;

    /** Publishes the membership change as the group-service does (a dynamic group's comes from the same place). */
    private static void membership(Link link, String group, String thing) {
        Event event = EVENTS.thingGroupMembership(
                link,
                group,
                groupArn(group),
                TestPeers.groupId(group),
                thing,
                thingArn(thing),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                REVISIONS.incrementAndGet(),
                Instant.now());
        KafkaTopicWriter.publish(
                event.kafkaTopic(),
                event.key(),
                event.payload().toString().getBytes(StandardCharsets.UTF_8),
                event.headers());
    }

    /** The job's executions as ListJobExecutionsForJob answers them, read until {@code done} holds. */
    private static JsonPath executionsUntil(String jobId, Predicate<JsonPath> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonPath executions = listExecutions(jobId);
        while (!done.test(executions) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
            executions = listExecutions(jobId);
        }
        return executions;
    }

    private static JsonPath listExecutions(String jobId) {
        return control()
                .get("/jobs/" + jobId + "/things")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String status(JsonPath executions, String thing, int executionNumber) {
        for (int i = 0; i < executions.getList("executionSummaries").size(); i++) {
            String prefix = "executionSummaries[" + i + "].";
            if (executions.getString(prefix + "thingArn").equals(thingArn(thing))
                    && executions.getInt(prefix + "jobExecutionSummary.executionNumber") == executionNumber) {
                return executions.getString(prefix + "jobExecutionSummary.status");
            }
        }
        return null;
    }

    @Test
    void aThingThatJoinsATargetGroupLaterGetsAnExecutionAndLosesItWhenItLeaves() {
        String first = unique("lamp");
        String later = unique("lamp");
        String group = unique("floor");
        peers.group(group, first);
        String jobId = unique("continuous");
        createJob(jobId, job(groupArn(group)).put("targetSelection", "CONTINUOUS"))
                .statusCode(200);
        describeJob(jobId)
                .statusCode(200)
                .body("job.targetSelection", equalTo("CONTINUOUS"))
                .body("job.status", equalTo("IN_PROGRESS"))
                .body("job.jobProcessDetails.numberOfQueuedThings", equalTo(1));

        peers.group(group, first, later);
        membership(Link.ADDED, group, later);
        JsonPath joined = executionsUntil(jobId, executions -> "QUEUED".equals(status(executions, later, 1)));
        assertThat(status(joined, later, 1)).isEqualTo("QUEUED");
        // the thing CreateJob found in the group keeps its one execution when its own (earlier) event comes late
        membership(Link.ADDED, group, first);

        peers.group(group, first);
        membership(Link.REMOVED, group, later);
        JsonPath left = executionsUntil(jobId, executions -> "REMOVED".equals(status(executions, later, 1)));
        assertThat(status(left, later, 1)).isEqualTo("REMOVED");
        describeJob(jobId)
                .body("job.status", equalTo("IN_PROGRESS"))
                .body("job.jobProcessDetails.numberOfQueuedThings", equalTo(1))
                .body("job.jobProcessDetails.numberOfRemovedThings", equalTo(1));
        assertThat(left.getList("executionSummaries")).hasSize(2);

        // back in the group: a new execution, numbered after the removed one
        peers.group(group, first, later);
        membership(Link.ADDED, group, later);
        JsonPath back = executionsUntil(jobId, executions -> "QUEUED".equals(status(executions, later, 2)));
        assertThat(status(back, later, 2)).isEqualTo("QUEUED");
        assertThat(back.getList("executionSummaries")).hasSize(3);
    }

    @Test
    void aDynamicGroupsNewMemberGetsAnExecution() {
        // a dynamic group's membership is decided by the indexing-service and published by the group-service as a
        // static one is: the same THING_GROUP_MEMBERSHIP event
        String dynamic = unique("batteries-low");
        String thing = unique("sensor");
        peers.group(dynamic);
        String jobId = unique("continuous");
        createJob(jobId, job(groupArn(dynamic)).put("targetSelection", "CONTINUOUS"))
                .statusCode(200);

        peers.group(dynamic, thing);
        membership(Link.ADDED, dynamic, thing);
        JsonPath joined = executionsUntil(jobId, executions -> "QUEUED".equals(status(executions, thing, 1)));
        assertThat(status(joined, thing, 1)).isEqualTo("QUEUED");
        control()
                .get("/things/" + thing + "/jobs")
                .then()
                .statusCode(200)
                .body("executionSummaries.jobId", contains(jobId));
    }

    @Test
    void aSnapshotJobTakesNoLaterMembers() {
        String group = unique("floor");
        String later = unique("lamp");
        peers.group(group);
        String snapshot = unique("snapshot");
        createJob(snapshot, job(groupArn(group))).statusCode(200);
        String continuous = unique("continuous");
        createJob(continuous, job(groupArn(group)).put("targetSelection", "CONTINUOUS"))
                .statusCode(200);

        peers.group(group, later);
        membership(Link.ADDED, group, later);
        // the continuous job's execution exists once the event is applied; the snapshot job's never comes
        executionsUntil(continuous, executions -> "QUEUED".equals(status(executions, later, 1)));
        assertThat(listExecutions(snapshot).getList("executionSummaries")).isEmpty();
        assertThat(status(listExecutions(continuous), later, 1)).isEqualTo("QUEUED");
    }

    @Test
    void aThingThatJoinsBetweenTheMaintenanceWindowsWaitsForTheNext() throws InterruptedException {
        String first = unique("lamp");
        String inWindow = unique("lamp");
        String between = unique("lamp");
        String group = unique("floor");
        peers.group(group, first);
        // hourly windows of 30 minutes, the next opening 19-20 minutes from now: closed now
        int minute =
                clock.now().plus(Duration.ofMinutes(20)).atZone(ZoneOffset.UTC).getMinute();
        var body = job(groupArn(group)).put("targetSelection", "CONTINUOUS");
        body.putObject("schedulingConfig")
                .putArray("maintenanceWindows")
                .addObject()
                .put("startTime", "cron(" + minute + " * * * ? *)")
                .put("durationInMinutes", 30);
        String jobId = unique("continuous");
        createJob(jobId, body).statusCode(200);
        describeJob(jobId).body("job.status", equalTo("SCHEDULED"));

        clock.advance(Duration.ofMinutes(21));
        EngineSteps.until(engine, () -> "QUEUED".equals(status(listExecutions(jobId), first, 1)));
        describeJob(jobId).body("job.status", equalTo("IN_PROGRESS"));
        // inside the window a thing that joins is queued at once
        peers.group(group, first, inWindow);
        membership(Link.ADDED, group, inWindow);
        executionsUntil(jobId, executions -> "QUEUED".equals(status(executions, inWindow, 1)));

        // the window closes: the job is SCHEDULED and a thing that joins now waits in its rollout
        clock.advance(Duration.ofMinutes(30));
        EngineSteps.until(engine, () -> "SCHEDULED".equals(jobStatus(jobId)));
        peers.group(group, first, inWindow, between);
        membership(Link.ADDED, group, between);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!processingTargets(jobId).contains(between) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        describeJob(jobId).body("job.jobProcessDetails.processingTargets", hasItem(between));
        assertThat(status(listExecutions(jobId), between, 1)).isNull();

        // the next window queues it
        clock.advance(Duration.ofMinutes(30));
        EngineSteps.until(engine, () -> "QUEUED".equals(status(listExecutions(jobId), between, 1)));
        describeJob(jobId).body("job.status", equalTo("IN_PROGRESS"));
    }

    private static String jobStatus(String jobId) {
        return describeJob(jobId).extract().path("job.status");
    }

    private static List<String> processingTargets(String jobId) {
        List<String> targets = describeJob(jobId).extract().path("job.jobProcessDetails.processingTargets");
        return targets == null ? List.of() : targets;
    }
}
