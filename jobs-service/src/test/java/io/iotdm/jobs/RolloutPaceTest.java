package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.groupArn;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.unique;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.jobs.rollout.RolloutEngine;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The rollout engine's pace: a step that queued its whole {@code executions-per-step} while the job's rate has room
 * is followed by the next at once, so one call of the engine (one interval) queues a job's targets in several steps of
 * a bounded transaction each, and {@code maximumPerMinute} still holds window by window. The step limit is 2 here, so
 * that a few things take several steps. Other tests' rollouts stay in the database and may be due; the test holds
 * their rows as another instance would (FOR UPDATE), so that the engine's steps reach this test's rollout alone.
 */
@QuarkusTest
@JobsTestResource
@TestProfile(RolloutPaceTest.TwoAStep.class)
class RolloutPaceTest {

    static final int STEP_LIMIT = 2;

    public static class TwoAStep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("iotdm.jobs.rollout.executions-per-step", Integer.toString(STEP_LIMIT));
        }
    }

    @Inject
    TestPeers peers;

    @Inject
    RolloutEngine engine;

    @Inject
    TestClock clock;

    @Inject
    Pool pool;

    @Test
    void aJobWithoutARateIsQueuedInOneIntervalInSeveralSteps() {
        String jobId = jobOver(9, body -> {});
        // CreateJob's own step queues one step limit
        queued(jobId, STEP_LIMIT);

        // one call of the engine, the clock standing still: four more steps queue the other seven
        aloneStep(jobId);
        queued(jobId, 9);
        describeJob(jobId).body("job.isConcurrent", equalTo(false));
    }

    @Test
    void theRateHoldsWhileStepsFollowEachOtherAtOnce() {
        // an abort config keeps the rollout due at every step: the engine must still not step it again at once once
        // its window is full, or this call of the engine would never end
        String jobId = jobOver(12, body -> {
            body.putObject("jobExecutionsRolloutConfig").put("maximumPerMinute", 5);
            body.putObject("abortConfig")
                    .withArray("criteriaList")
                    .addObject()
                    .put("failureType", "FAILED")
                    .put("action", "CANCEL")
                    .put("thresholdPercentage", 50)
                    .put("minNumberOfExecutedThings", 2);
        });
        queued(jobId, 2);

        // 2 + 2 + 1: the window of 5 is full, however many calls of the engine follow within the minute
        aloneStep(jobId);
        queued(jobId, 5);
        aloneStep(jobId);
        aloneStep(jobId);
        queued(jobId, 5);

        clock.advance(Duration.ofMinutes(1));
        aloneStep(jobId);
        queued(jobId, 10);
        aloneStep(jobId);
        queued(jobId, 10);

        clock.advance(Duration.ofMinutes(1));
        aloneStep(jobId);
        queued(jobId, 12);
    }

    /** A job over a group of {@code things} things, created with the members {@code config} adds. */
    private String jobOver(int things, Consumer<ObjectNode> config) {
        String group = unique("depot");
        String[] names = new String[things];
        for (int i = 0; i < things; i++) {
            names[i] = unique("t" + i);
        }
        peers.group(group, names);
        String jobId = unique("paced");
        ObjectNode body = job(groupArn(group));
        config.accept(body);
        createJob(jobId, body).statusCode(200);
        return jobId;
    }

    /**
     * One call of the engine while another instance holds every other rollout (their rows locked in a transaction that
     * stays open meanwhile), so that the engine's steps lease this job's rollout alone.
     */
    private void aloneStep(String jobId) {
        SqlConnection other = pool.getConnection().await().indefinitely();
        try {
            var held = other.begin().await().indefinitely();
            other.preparedQuery("SELECT job_id FROM rollout WHERE job_id <> $1 FOR UPDATE")
                    .execute(Tuple.of(jobId))
                    .await()
                    .indefinitely();
            // bounded: an engine that spins fails the test instead of hanging it
            engine.step().await().atMost(Duration.ofMinutes(2));
            held.rollback().await().indefinitely();
        } finally {
            other.close().await().indefinitely();
        }
    }

    private static void queued(String jobId, int expected) {
        describeJob(jobId).statusCode(200).body("job.jobProcessDetails.numberOfQueuedThings", equalTo(expected));
    }
}
