package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.thingArn;
import static io.iotdm.jobs.JobCalls.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.jobs.rollout.RolloutEngine;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Scheduled jobs (docs/aws-behaviour.md §5.20) on the test's clock: SCHEDULED until the start, the end's behaviour,
 * rollout only inside maintenance windows, CancelJob of a scheduled job, and the checks of the times.
 */
@QuarkusTest
@JobsTestResource
class ScheduledJobsTest {

    private static final DateTimeFormatter AWS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    @Inject
    RolloutEngine engine;

    @Inject
    TestClock clock;

    private static String text(Instant at) {
        return AWS_TIME.format(at.atZone(ZoneOffset.UTC));
    }

    private static ObjectNode scheduled(ObjectNode job, String start, String end, String endBehavior) {
        ObjectNode scheduling = job.putObject("schedulingConfig");
        if (start != null) {
            scheduling.put("startTime", start);
        }
        if (end != null) {
            scheduling.put("endTime", end);
        }
        if (endBehavior != null) {
            scheduling.put("endBehavior", endBehavior);
        }
        return job;
    }

    private String status(String jobId) {
        return describeJob(jobId).extract().path("job.status");
    }

    private int queued(String jobId) {
        return describeJob(jobId).extract().path("job.jobProcessDetails.numberOfQueuedThings");
    }

    @Test
    void aScheduledJobStartsAtItsStartTimeAndIsCanceledAtItsEnd() {
        String thing = unique("lamp");
        Instant start = clock.now().plus(Duration.ofMinutes(32)).truncatedTo(ChronoUnit.MINUTES);
        Instant end = start.plus(Duration.ofMinutes(30));
        String jobId = unique("scheduled");
        createJob(jobId, scheduled(job(thingArn(thing)), text(start), text(end), "CANCEL"))
                .statusCode(200);
        describeJob(jobId)
                .statusCode(200)
                .body("job.status", equalTo("SCHEDULED"))
                .body("job.schedulingConfig.startTime", equalTo(text(start)))
                .body("job.schedulingConfig.endBehavior", equalTo("CANCEL"))
                .body("job.jobProcessDetails.processingTargets", contains(thing))
                .body("job.jobProcessDetails.numberOfQueuedThings", equalTo(0));
        engine.step().await().indefinitely();
        describeJob(jobId).body("job.status", equalTo("SCHEDULED"));

        clock.advance(Duration.ofMinutes(33));
        EngineSteps.until(engine, () -> queued(jobId) == 1);
        describeJob(jobId).body("job.status", equalTo("IN_PROGRESS"));

        clock.advance(Duration.ofMinutes(30));
        EngineSteps.until(engine, () -> "CANCELED".equals(status(jobId)));
        describeJob(jobId)
                .body("job.comment", equalTo("Job canceled at the endTime of its schedulingConfig."))
                .body("job.forceCanceled", equalTo(false))
                .body("job.jobProcessDetails.numberOfCanceledThings", equalTo(1));
    }

    @Test
    void aScheduledJobEndingWithStopRolloutCompletesWithWhatItQueued() {
        String thing = unique("lamp");
        Instant end = clock.now().plus(Duration.ofMinutes(31)).truncatedTo(ChronoUnit.MINUTES);
        String jobId = unique("scheduled");
        ObjectNode body = scheduled(job(thingArn(thing)), null, text(end), null);
        createJob(jobId, body).statusCode(200);
        describeJob(jobId).body("job.status", equalTo("IN_PROGRESS"));
        JobCalls.update(thing, jobId, "{\"status\":\"SUCCEEDED\"}").statusCode(200);

        clock.advance(Duration.ofMinutes(32));
        EngineSteps.until(engine, () -> "COMPLETED".equals(status(jobId)));
        describeJob(jobId).body("job.jobProcessDetails.numberOfSucceededThings", equalTo(1));
    }

    @Test
    void aJobRollsOutOnlyInsideItsMaintenanceWindows() {
        String first = unique("lamp");
        String second = unique("lamp");
        // hourly windows of 30 minutes, the next opening 19-20 minutes from now: closed now
        int minute =
                clock.now().plus(Duration.ofMinutes(20)).atZone(ZoneOffset.UTC).getMinute();
        ObjectNode body = job(thingArn(first), thingArn(second));
        body.putObject("jobExecutionsRolloutConfig").put("maximumPerMinute", 1);
        body.putObject("schedulingConfig")
                .putArray("maintenanceWindows")
                .addObject()
                .put("startTime", "cron(" + minute + " * * * ? *)")
                .put("durationInMinutes", 30);
        String jobId = unique("windowed");
        createJob(jobId, body).statusCode(200);
        describeJob(jobId)
                .body("job.status", equalTo("SCHEDULED"))
                .body("job.scheduledJobRollouts", hasSize(7))
                .body("job.jobProcessDetails.numberOfQueuedThings", equalTo(0));

        clock.advance(Duration.ofMinutes(21));
        EngineSteps.until(engine, () -> queued(jobId) == 1);
        describeJob(jobId).body("job.status", equalTo("IN_PROGRESS"));

        // the window closes with the second thing still waiting for the rate: the job is SCHEDULED again
        clock.advance(Duration.ofMinutes(30));
        EngineSteps.until(engine, () -> "SCHEDULED".equals(status(jobId)));
        describeJob(jobId).body("job.jobProcessDetails.numberOfQueuedThings", equalTo(1));

        clock.advance(Duration.ofMinutes(30));
        EngineSteps.until(engine, () -> queued(jobId) == 2);
        describeJob(jobId).body("job.status", equalTo("IN_PROGRESS"));
    }

    @Test
    void aScheduledJobCanBeUpdatedAndStartsWithTheUpdate() {
        String first = unique("lamp");
        String second = unique("lamp");
        Instant start = clock.now().plus(Duration.ofMinutes(32)).truncatedTo(ChronoUnit.MINUTES);
        ObjectNode body = scheduled(job(thingArn(first), thingArn(second)), text(start), null, null);
        body.putObject("jobExecutionsRolloutConfig").put("maximumPerMinute", 1);
        String jobId = unique("scheduled");
        createJob(jobId, body).statusCode(200);
        control()
                .body("{\"description\":\"both at once\",\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":2}}")
                .patch("/jobs/" + jobId)
                .then()
                .statusCode(200);
        describeJob(jobId)
                .body("job.status", equalTo("SCHEDULED"))
                .body("job.description", equalTo("both at once"))
                .body("job.jobExecutionsRolloutConfig.maximumPerMinute", equalTo(2))
                .body("job.schedulingConfig.startTime", equalTo(text(start)))
                .body("job.jobProcessDetails.numberOfQueuedThings", equalTo(0));
        // the update made the rollout due at once: it still waits for its start
        engine.step().await().indefinitely();
        describeJob(jobId).body("job.status", equalTo("SCHEDULED"));

        // at the start the new rate queues both in the first minute (the old one would have queued one)
        clock.advance(Duration.ofMinutes(33));
        EngineSteps.until(engine, () -> queued(jobId) == 2);
        describeJob(jobId).body("job.status", equalTo("IN_PROGRESS"));
    }

    @Test
    void aScheduledJobCanBeCanceledAndIsDeletedOnlyWithForce() {
        String thing = unique("lamp");
        Instant start = clock.now().plus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.MINUTES);
        String jobId = unique("scheduled");
        createJob(jobId, scheduled(job(thingArn(thing)), text(start), null, null))
                .statusCode(200);
        control()
                .delete("/jobs/" + jobId)
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "InvalidStateTransitionException")
                .body(
                        "message",
                        equalTo("Job " + jobId + " is in status SCHEDULED; only a COMPLETED or CANCELED job can be"
                                + " deleted without force."));
        control().put("/jobs/" + jobId + "/cancel").then().statusCode(200);
        describeJob(jobId)
                .body("job.status", equalTo("CANCELED"))
                .body("job.jobProcessDetails.processingTargets", nullValue())
                .body("job.jobProcessDetails.numberOfQueuedThings", equalTo(0));
        // its start passes with nothing to start
        clock.advance(Duration.ofMinutes(41));
        engine.step().await().indefinitely();
        describeJob(jobId).body("job.status", equalTo("CANCELED"));
    }

    @Test
    void timesAndWindowsAreChecked() {
        Instant now = clock.now();
        String tooSoon = text(now.plus(Duration.ofMinutes(10)));
        createJob(unique("job"), scheduled(job(thingArn("x")), tooSoon, null, null))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("schedulingConfig startTime " + tooSoon + " must be at least 30 minutes from now."));
        String tooLate = text(now.plus(Duration.ofDays(400)));
        createJob(unique("job"), scheduled(job(thingArn("x")), tooLate, null, null))
                .statusCode(400)
                .body("message", equalTo("schedulingConfig startTime " + tooLate + " must be within a year from now."));
        createJob(unique("job"), scheduled(job(thingArn("x")), "next tuesday", null, null))
                .statusCode(400)
                .body(
                        "message",
                        equalTo("schedulingConfig startTime next tuesday is not a date and time of the form"
                                + " YYYY-MM-DDTHH:MM."));
        String start = text(now.plus(Duration.ofHours(1)));
        String shortEnd = text(now.plus(Duration.ofMinutes(70)));
        createJob(unique("job"), scheduled(job(thingArn("x")), start, shortEnd, "STOP_ROLLOUT"))
                .statusCode(400)
                .body(
                        "message",
                        equalTo("schedulingConfig endTime " + shortEnd + " must be at least 30 minutes after the"
                                + " startTime."));
        ObjectNode badWindow = job(thingArn("x"));
        badWindow
                .putObject("schedulingConfig")
                .putArray("maintenanceWindows")
                .addObject()
                .put("startTime", "every day at noon")
                .put("durationInMinutes", 60);
        createJob(unique("job"), badWindow)
                .statusCode(400)
                .body(
                        "message",
                        equalTo("schedulingConfig maintenanceWindows startTime every day at noon is not a cron"
                                + " expression of the form cron(<minutes> <hours> <day-of-month> <month> <day-of-week>"
                                + " <year>)."));
    }
}
