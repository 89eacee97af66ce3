package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.thingArn;
import static io.iotdm.jobs.JobCalls.unique;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** CreateJob's documentSource read from the S3-compatible store (docs/aws-behaviour.md §5.21). */
@QuarkusTest
@JobsTestResource
class DocumentSourceTest {

    private static final String BUCKET = "iotdm-job-documents";

    /** The service's own client of devstack's store. */
    @Inject
    S3Client s3;

    @ConfigProperty(name = "iotdm.jobs.s3.endpoint")
    String endpoint;

    private void put(String key, byte[] bytes) {
        try {
            s3.createBucket(bucket -> bucket.bucket(BUCKET));
        } catch (S3Exception exists) {
            if (exists.statusCode() != 409) {
                throw exists;
            }
        }
        s3.putObject(object -> object.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    private static ObjectNode sourced(String source) {
        ObjectNode body = JobCalls.JSON.createObjectNode().put("documentSource", source);
        body.putArray("targets").add(thingArn(unique("lamp")));
        return body;
    }

    @Test
    void aJobsDocumentIsReadFromItsSourceWhenTheJobIsCreated() {
        String key = "firmware/" + unique("update") + ".json";
        String document = "{\"operation\":\"update\",\"version\":\"2.1\"}";
        put(key, document.getBytes(StandardCharsets.UTF_8));
        for (String source :
                new String[] {"https://s3.amazonaws.com/" + BUCKET + "/" + key, endpoint + "/" + BUCKET + "/" + key}) {
            String jobId = unique("sourced");
            createJob(jobId, sourced(source)).statusCode(200);
            describeJob(jobId).statusCode(200).body("documentSource", equalTo(source));
            control()
                    .get("/jobs/" + jobId + "/job-document")
                    .then()
                    .statusCode(200)
                    .body("document", equalTo(document));
        }
    }

    @Test
    void aMissingTooLargeOrForeignSourceIsRefused() {
        String missing = "https://s3.amazonaws.com/" + BUCKET + "/" + unique("nothing");
        createJob(unique("sourced"), sourced(missing))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("The job document " + missing + " does not exist."));

        String large = unique("large");
        put(large, ("{\"padding\":\"" + "x".repeat(32768) + "\"}").getBytes(StandardCharsets.UTF_8));
        String tooLarge = "https://s3.amazonaws.com/" + BUCKET + "/" + large;
        createJob(unique("sourced"), sourced(tooLarge))
                .statusCode(400)
                .body("message", equalTo("The job document " + tooLarge + " is larger than the limit of 32768 bytes."));

        String notJson = unique("text");
        put(notJson, "reboot, please".getBytes(StandardCharsets.UTF_8));
        createJob(unique("sourced"), sourced("https://s3.amazonaws.com/" + BUCKET + "/" + notJson))
                .statusCode(400)
                .body("message", equalTo("The job document is not valid JSON."));

        String foreign = "https://example.com/" + BUCKET + "/key";
        createJob(unique("sourced"), sourced(foreign))
                .statusCode(400)
                .body(
                        "message",
                        equalTo("The documentSource " + foreign + " is not the URL of an S3 object, such as"
                                + " https://s3.amazonaws.com/<bucket>/<key>."));

        ObjectNode both = sourced(missing).put("document", "{}");
        createJob(unique("sourced"), both)
                .statusCode(400)
                .body("message", equalTo("Specify either document or documentSource, not both."));
    }
}
