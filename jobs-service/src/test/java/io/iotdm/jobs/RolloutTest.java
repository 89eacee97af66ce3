package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.groupArn;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.iotdm.jobs.rollout.RolloutEngine;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The rollout engine: {@code maximumPerMinute} and {@code exponentialRate} honoured window by window on the test's clock, and a rollout that
 * another instance holds (its row locked) left alone until it is free again.
 */
@QuarkusTest
@JobsTestResource
class RolloutTest {

    @Inject
    TestPeers peers;

    @Inject
    RolloutEngine engine;

    @Inject
    TestClock clock;

    @Inject
    Pool pool;

    @Test
    void maximumPerMinuteQueuesThatManyAMinute() {
        String group = unique("hall");
        String[] things = {unique("a"), unique("b"), unique("c"), unique("d"), unique("e")};
        peers.group(group, things);
        String jobId = unique("slow");
        var body = job(groupArn(group));
        body.putObject("jobExecutionsRolloutConfig").put("maximumPerMinute", 2);
        createJob(jobId, body).statusCode(200);

        // CreateJob's own step queues the first window's two
        queued(jobId, 2);
        describeJob(jobId)
                .body("job.isConcurrent", equalTo(true))
                .body("job.jobExecutionsRolloutConfig.maximumPerMinute", equalTo(2))
                .body("job.jobProcessDetails.processingTargets", hasSize(3));
        // however many steps run within the minute, the window is full
        for (int step = 0; step < 3; step++) {
            engine.step().await().indefinitely();
        }
        queued(jobId, 2);

        clock.advance(Duration.ofMinutes(1));
        EngineSteps.until(engine, () -> count(jobId) == 4);
        for (int step = 0; step < 3; step++) {
            engine.step().await().indefinitely();
        }
        queued(jobId, 4);

        clock.advance(Duration.ofMinutes(1));
        EngineSteps.until(engine, () -> count(jobId) == 5);
        describeJob(jobId)
                .body("job.isConcurrent", equalTo(false))
                .body("job.jobProcessDetails.numberOfQueuedThings", equalTo(5));
        control().get("/jobs/" + jobId + "/things?maxResults=250").then().body("executionSummaries", hasSize(5));
    }

    @Test
    void aRolloutAnotherInstanceHoldsIsLeftAloneAndResumedWhenFree() {
        String group = unique("yard");
        String[] things = {unique("a"), unique("b"), unique("c")};
        peers.group(group, things);
        String jobId = unique("held");
        var body = job(groupArn(group));
        body.putObject("jobExecutionsRolloutConfig").put("maximumPerMinute", 1);
        createJob(jobId, body).statusCode(200);
        queued(jobId, 1);
        clock.advance(Duration.ofMinutes(1));

        // another instance's step: the rollout's row locked in a transaction that stays open meanwhile
        SqlConnection other = pool.getConnection().await().indefinitely();
        try {
            Transaction held = other.begin().await().indefinitely();
            int locked = other.preparedQuery("SELECT job_id FROM rollout WHERE job_id = $1 FOR UPDATE")
                    .execute(Tuple.of(jobId))
                    .await()
                    .indefinitely()
                    .size();
            assertThat(locked).isEqualTo(1);
            for (int step = 0; step < 5; step++) {
                engine.step().await().indefinitely();
            }
            queued(jobId, 1);
            held.rollback().await().indefinitely();
        } finally {
            other.close().await().indefinitely();
        }

        // the other instance is gone (its transaction ended): the rollout is this instance's to resume
        EngineSteps.until(engine, () -> count(jobId) == 2);
        clock.advance(Duration.ofMinutes(1));
        EngineSteps.until(engine, () -> count(jobId) == 3);
        control()
                .get("/jobs/" + jobId + "/things")
                .then()
                .body("executionSummaries.jobExecutionSummary.status", contains("QUEUED", "QUEUED", "QUEUED"));
    }

    @Test
    void anExponentialRateGrowsWithEachThresholdOfNotifiedThings() {
        String group = unique("field");
        String[] things = new String[10];
        for (int i = 0; i < things.length; i++) {
            things[i] = unique("t" + i);
        }
        peers.group(group, things);
        String jobId = unique("growing");
        var body = job(groupArn(group));
        body.putObject("jobExecutionsRolloutConfig")
                .putObject("exponentialRate")
                .put("baseRatePerMinute", 2)
                .put("incrementFactor", 2.0)
                .putObject("rateIncreaseCriteria")
                .put("numberOfNotifiedThings", 2);
        createJob(jobId, body).statusCode(200);
        describeJob(jobId)
                .body("job.jobExecutionsRolloutConfig.exponentialRate.baseRatePerMinute", equalTo(2))
                .body("job.jobExecutionsRolloutConfig.exponentialRate.incrementFactor", equalTo(2.0f))
                .body(
                        "job.jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria.numberOfNotifiedThings",
                        equalTo(2));
        // none notified yet: the base rate
        queued(jobId, 2);
        for (int step = 0; step < 3; step++) {
            engine.step().await().indefinitely();
        }
        queued(jobId, 2);

        // 2 notified, one threshold: 2 × 2 = 4 in the next minute
        clock.advance(Duration.ofMinutes(1));
        EngineSteps.until(engine, () -> count(jobId) == 6);
        for (int step = 0; step < 3; step++) {
            engine.step().await().indefinitely();
        }
        queued(jobId, 6);

        // 6 notified, three thresholds: 16, more than the 4 left
        clock.advance(Duration.ofMinutes(1));
        EngineSteps.until(engine, () -> count(jobId) == 10);
        describeJob(jobId).body("job.isConcurrent", equalTo(false));
    }

    @Test
    void exponentialRateIsCheckedBeyondTheModel() {
        var body = job(groupArn(unique("none")));
        var rate = body.putObject("jobExecutionsRolloutConfig").putObject("exponentialRate");
        rate.put("baseRatePerMinute", 5)
                .put("incrementFactor", 1.55)
                .putObject("rateIncreaseCriteria")
                .put("numberOfSucceededThings", 3);
        createJob(unique("job"), body)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("jobExecutionsRolloutConfig exponentialRate incrementFactor 1.55 has more than one"
                                + " digit after the decimal point."));
        rate.put("incrementFactor", 1.5).putObject("rateIncreaseCriteria");
        createJob(unique("job"), body)
                .statusCode(400)
                .body(
                        "message",
                        equalTo("jobExecutionsRolloutConfig exponentialRate rateIncreaseCriteria takes exactly one of"
                                + " numberOfNotifiedThings and numberOfSucceededThings."));
        rate.put("baseRatePerMinute", 1001);
        createJob(unique("job"), body).statusCode(400).header("x-amzn-ErrorType", "InvalidRequestException");
    }

    private void queued(String jobId, int expected) {
        describeJob(jobId).statusCode(200).body("job.jobProcessDetails.numberOfQueuedThings", equalTo(expected));
    }

    private static int count(String jobId) {
        return describeJob(jobId).extract().path("job.jobProcessDetails.numberOfQueuedThings");
    }
}
