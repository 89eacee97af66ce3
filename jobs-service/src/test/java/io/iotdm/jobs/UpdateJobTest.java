package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.device;
import static io.iotdm.jobs.JobCalls.groupArn;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.iotdm.jobs.rollout.RolloutEngine;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** UpdateJob (docs/aws-behaviour.md §5.18): what it changes, when, and what it refuses. */
@QuarkusTest
@JobsTestResource
class UpdateJobTest {

    @Inject
    TestPeers peers;

    @Inject
    RolloutEngine engine;

    @Test
    void anInProgressJobTakesNewConfigurationsAtTheEnginesNextStep() {
        String group = unique("hall");
        String first = unique("a");
        peers.group(group, first, unique("b"), unique("c"));
        String jobId = unique("slow");
        var body = job(groupArn(group)).put("description", "first");
        body.putObject("jobExecutionsRolloutConfig").put("maximumPerMinute", 1);
        createJob(jobId, body).statusCode(200);
        describeJob(jobId).body("job.jobProcessDetails.numberOfQueuedThings", equalTo(1));

        patch(
                        jobId,
                        "{\"description\":\"second\",\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":5},"
                                + "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":5},"
                                + "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"ALL\",\"action\":\"CANCEL\","
                                + "\"thresholdPercentage\":90,\"minNumberOfExecutedThings\":3}]},"
                                + "\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"TIMED_OUT\","
                                + "\"numberOfRetries\":2}]}}")
                .statusCode(200);
        describeJob(jobId)
                .body("job.description", equalTo("second"))
                .body("job.jobExecutionsRolloutConfig.maximumPerMinute", equalTo(5))
                .body("job.timeoutConfig.inProgressTimeoutInMinutes", equalTo(5))
                .body("job.abortConfig.criteriaList[0].failureType", equalTo("ALL"))
                .body("job.jobExecutionsRetryConfig.criteriaList[0].numberOfRetries", equalTo(2));
        // the window that held one now holds five: the rest are queued within this minute
        EngineSteps.until(
                engine,
                () -> describeJob(jobId).extract().<Integer>path("job.jobProcessDetails.numberOfQueuedThings") == 3);

        // a member left out keeps its value; an empty rollout configuration removes the rate
        patch(jobId, "{\"jobExecutionsRolloutConfig\":{}}").statusCode(200);
        describeJob(jobId)
                .body("job.description", equalTo("second"))
                .body("job.jobExecutionsRolloutConfig", nullValue())
                .body("job.timeoutConfig.inProgressTimeoutInMinutes", equalTo(5));

        device().put("/things/" + first + "/jobs/$next").then().statusCode(200);
        patch(jobId, "{\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10}}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("The timeoutConfig of job " + jobId
                                + " cannot change once its job executions have started."));
        // TIMED_OUT retries keep needing the timeout they had
        patch(jobId, "{\"timeoutConfig\":{}}").statusCode(400);
    }

    @Test
    void updateRefusesWhatItCannotChange() {
        String jobId = unique("job");
        createJob(jobId, job(groupArn(group()))).statusCode(200);
        patch(jobId, "{\"presignedUrlConfig\":{\"expiresInSec\":60}}")
                .statusCode(400)
                .body("message", equalTo("iotdm does not support presignedUrlConfig yet."));
        control().body("{}").put("/jobs/" + jobId + "/cancel").then().statusCode(200);
        patch(jobId, "{\"description\":\"late\"}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("Job " + jobId + " cannot be updated because it is in status CANCELED."));
        String unknown = unique("unknown");
        patch(unknown, "{\"description\":\"x\"}")
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Job " + unknown + " does not exist."));
    }

    private String group() {
        String group = unique("room");
        peers.group(group, unique("lamp"));
        return group;
    }

    private static ValidatableResponse patch(String jobId, String body) {
        return control().body(body).patch("/jobs/" + jobId).then();
    }
}
