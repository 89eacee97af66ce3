package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.JSON;
import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.groupArn;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.thingArn;
import static io.iotdm.jobs.JobCalls.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** AssociateTargetsWithJob: a continuous job in progress takes more things and groups (§5.16). */
@QuarkusTest
@JobsTestResource
class AssociateTargetsTest {

    @Inject
    TestPeers peers;

    static ValidatableResponse associate(String jobId, ObjectNode body) {
        return control()
                .body(body.toString())
                .post("/jobs/" + jobId + "/targets")
                .then();
    }

    static ObjectNode targets(String... arns) {
        ObjectNode body = JSON.createObjectNode();
        for (String arn : arns) {
            body.withArray("targets").add(arn);
        }
        return body;
    }

    /** A continuous job of {@code thing}. */
    private static String continuousJob(String thing) {
        String jobId = unique("continuous");
        createJob(jobId, job(thingArn(thing)).put("targetSelection", "CONTINUOUS"))
                .statusCode(200);
        return jobId;
    }

    @Test
    void newThingsAndGroupsOfAContinuousJobGetTheirExecutions() {
        String a = unique("lamp");
        String c = unique("lamp");
        String d = unique("lamp");
        String group = unique("floor");
        peers.group(group, d, a);
        String jobId = continuousJob(a);

        associate(jobId, targets(thingArn(c), groupArn(group)).put("comment", "the second floor too"))
                .statusCode(200)
                .body("jobId", equalTo(jobId))
                .body("jobArn", equalTo(JobCalls.ARN + "job/" + jobId))
                .body("description", equalTo(null));

        describeJob(jobId)
                .statusCode(200)
                .body("job.targets", contains(thingArn(a), thingArn(c), groupArn(group)))
                .body("job.comment", equalTo("the second floor too"))
                .body("job.jobProcessDetails.numberOfQueuedThings", equalTo(3));
        control()
                .get("/jobs/" + jobId + "/things")
                .then()
                .statusCode(200)
                .body("executionSummaries.thingArn", containsInAnyOrder(thingArn(a), thingArn(c), thingArn(d)))
                .body("executionSummaries.jobExecutionSummary.executionNumber", everyItem(equalTo(1)));
        control().queryParam("thingGroupName", group).get("/jobs").then().body("jobs.jobId", contains(jobId));

        // a target given again is there once, and its thing keeps its one execution
        associate(jobId, targets(thingArn(c))).statusCode(200);
        describeJob(jobId)
                .body("job.targets", contains(thingArn(a), thingArn(c), groupArn(group)))
                .body("job.comment", equalTo("the second floor too"))
                .body("job.jobProcessDetails.numberOfQueuedThings", equalTo(3));
    }

    @Test
    void onlyAContinuousJobInProgressTakesTargets() {
        String snapshot = unique("snapshot");
        createJob(snapshot, job(thingArn(unique("lamp")))).statusCode(200);
        associate(snapshot, targets(thingArn(unique("lamp"))))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("Targets can be associated only with a job whose targetSelection is CONTINUOUS; job "
                                + snapshot + " is SNAPSHOT."));

        String jobId = continuousJob(unique("lamp"));
        control().put("/jobs/" + jobId + "/cancel").then().statusCode(200);
        associate(jobId, targets(thingArn(unique("lamp"))))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("Job " + jobId + " is in status CANCELED; targets can be associated only with a job in"
                                + " status IN_PROGRESS."));

        String missing = unique("missing");
        associate(missing, targets(thingArn(unique("lamp"))))
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Job " + missing + " does not exist."));
    }

    @Test
    void aJobHasAtMostAHundredTargetsAndOnlyGroupsThatExist() {
        String a = unique("lamp");
        String jobId = continuousJob(a);
        ObjectNode tooMany = targets();
        for (int i = 0; i < 100; i++) {
            tooMany.withArray("targets").add(thingArn(a + "-" + i));
        }
        associate(jobId, tooMany)
                .statusCode(410)
                .header("x-amzn-ErrorType", "LimitExceededException")
                .body("message", equalTo("A job may have at most 100 targets; job " + jobId + " would have 101."));

        String nowhere = unique("nowhere");
        associate(jobId, targets(thingArn(unique("lamp")), groupArn(nowhere)))
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Thing group " + nowhere + " does not exist."));
        associate(jobId, targets("arn:aws:iot:eu-west-1:123456789012:thing/x"))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        describeJob(jobId)
                .body("job.targets", contains(thingArn(a)))
                .body("job.jobProcessDetails.numberOfQueuedThings", equalTo(1));
    }
}
