package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.JSON;
import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.thingArn;
import static io.iotdm.jobs.JobCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Job templates: their four operations, a template made of a job, and jobs made of templates (§5.14). */
@QuarkusTest
@JobsTestResource
class JobTemplatesTest {

    @Inject
    TestClock clock;

    static ValidatableResponse createTemplate(String id, ObjectNode body) {
        return control().body(body.toString()).put("/job-templates/" + id).then();
    }

    static ObjectNode template(String document) {
        return JSON.createObjectNode().put("description", "a template").put("document", document);
    }

    @Test
    void aTemplateIsCreatedDescribedListedAndDeleted() {
        String id = unique("firmware");
        ObjectNode body = template("{\"operation\":\"upgrade\"}");
        body.putObject("jobExecutionsRolloutConfig").put("maximumPerMinute", 50);
        body.putObject("timeoutConfig").put("inProgressTimeoutInMinutes", 30);
        body.putArray("maintenanceWindows")
                .addObject()
                .put("startTime", "cron(0 2 ? * SUN *)")
                .put("durationInMinutes", 120);
        createTemplate(id, body)
                .statusCode(200)
                .body("jobTemplateId", equalTo(id))
                .body("jobTemplateArn", equalTo(JobCalls.ARN + "jobtemplate/" + id));

        control()
                .get("/job-templates/" + id)
                .then()
                .statusCode(200)
                .body("jobTemplateArn", equalTo(JobCalls.ARN + "jobtemplate/" + id))
                .body("jobTemplateId", equalTo(id))
                .body("description", equalTo("a template"))
                .body("document", equalTo("{\"operation\":\"upgrade\"}"))
                .body("documentSource", nullValue())
                .body("createdAt", equalTo((int) clock.now().getEpochSecond()))
                .body("jobExecutionsRolloutConfig.maximumPerMinute", equalTo(50))
                .body("timeoutConfig.inProgressTimeoutInMinutes", equalTo(30))
                .body("maintenanceWindows[0].startTime", equalTo("cron(0 2 ? * SUN *)"))
                .body("maintenanceWindows[0].durationInMinutes", equalTo(120))
                .body("abortConfig", nullValue());

        createTemplate(id, template("{}"))
                .statusCode(409)
                .header("x-amzn-ErrorType", "ConflictException")
                .body("message", equalTo("Job template " + id + " already exists."))
                .body("resourceId", equalTo(id));

        control().delete("/job-templates/" + id).then().statusCode(200);
        control()
                .get("/job-templates/" + id)
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Job template " + id + " does not exist."));
        control()
                .delete("/job-templates/" + id)
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void listJobTemplatesPagesInIdOrder() throws IOException {
        String prefix = unique("page");
        for (String suffix : List.of("c", "a", "b")) {
            createTemplate(prefix + "-" + suffix, template("{}")).statusCode(200);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            var request = control().queryParam("maxResults", 2);
            if (token != null) {
                request.queryParam("nextToken", token);
            }
            JsonNode page = JSON.readTree(request.get("/job-templates")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            assertThat(page.path("jobTemplates").size()).isLessThanOrEqualTo(2);
            page.path("jobTemplates").forEach(summary -> {
                String id = summary.path("jobTemplateId").asText();
                seen.add(id);
                assertThat(summary.path("jobTemplateArn").asText()).isEqualTo(JobCalls.ARN + "jobtemplate/" + id);
                assertThat(summary.has("createdAt")).isTrue();
                if (id.startsWith(prefix)) {
                    assertThat(summary.path("description").asText()).isEqualTo("a template");
                }
            });
            token = page.path("nextToken").asText(null);
        } while (token != null);
        assertThat(seen).isSorted();
        assertThat(seen.stream().filter(id -> id.startsWith(prefix)))
                .containsExactly(prefix + "-a", prefix + "-b", prefix + "-c");
    }

    @Test
    void aTemplateNeedsExactlyOneDocumentAndValidJson() {
        String id = unique("bad");
        createTemplate(id, JSON.createObjectNode().put("description", "no document"))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("Specify exactly one of jobArn, document or documentSource."));
        createTemplate(id, template("{}").put("documentSource", "https://s3.amazonaws.com/bucket/key"))
                .statusCode(400)
                .body("message", equalTo("Specify exactly one of jobArn, document or documentSource."));
        createTemplate(id, template("not json"))
                .statusCode(400)
                .body("message", equalTo("The job document is not valid JSON."));
        createTemplate(id, JSON.createObjectNode().put("document", "{}"))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        control().get("/job-templates/" + id).then().statusCode(404);
    }

    @Test
    void aTemplateOfAJobCopiesItsDocumentAndConfigurations() {
        String jobId = unique("source");
        ObjectNode body = job(thingArn(unique("lamp")));
        body.putObject("jobExecutionsRolloutConfig").put("maximumPerMinute", 7);
        createJob(jobId, body).statusCode(200);

        String id = unique("copy");
        createTemplate(
                        id,
                        JSON.createObjectNode()
                                .put("description", "copied")
                                .put("jobArn", JobCalls.ARN + "job/" + jobId))
                .statusCode(200);
        control()
                .get("/job-templates/" + id)
                .then()
                .statusCode(200)
                .body("document", equalTo("{\"operation\":\"reboot\"}"))
                .body("jobExecutionsRolloutConfig.maximumPerMinute", equalTo(7));

        String given = unique("copy");
        ObjectNode overriding =
                JSON.createObjectNode().put("description", "copied").put("jobArn", JobCalls.ARN + "job/" + jobId);
        overriding.putObject("jobExecutionsRolloutConfig").put("maximumPerMinute", 9);
        createTemplate(given, overriding).statusCode(200);
        control().get("/job-templates/" + given).then().body("jobExecutionsRolloutConfig.maximumPerMinute", equalTo(9));

        createTemplate(
                        unique("copy"),
                        JSON.createObjectNode()
                                .put("description", "copied")
                                .put("jobArn", JobCalls.ARN + "job/" + unique("missing")))
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        createTemplate(
                        unique("copy"),
                        JSON.createObjectNode()
                                .put("description", "copied")
                                .put("jobArn", "arn:aws:iot:eu-west-1:1:job/x"))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("Invalid job ARN: arn:aws:iot:eu-west-1:1:job/x. It must be the ARN of a job in this"
                                + " region and account."));
    }

    @Test
    void aJobOfATemplateTakesItsMembersWhereTheCallerGaveNone() {
        String id = unique("firmware");
        ObjectNode body = template("{\"operation\":\"upgrade\"}");
        body.putObject("jobExecutionsRolloutConfig").put("maximumPerMinute", 50);
        createTemplate(id, body).statusCode(200);
        String templateArn = JobCalls.ARN + "jobtemplate/" + id;

        String jobId = unique("from-template");
        ObjectNode fromTemplate = JSON.createObjectNode().put("jobTemplateArn", templateArn);
        fromTemplate.putArray("targets").add(thingArn(unique("lamp")));
        createJob(jobId, fromTemplate).statusCode(200);
        describeJob(jobId)
                .statusCode(200)
                .body("job.jobTemplateArn", equalTo(templateArn))
                .body("job.jobExecutionsRolloutConfig.maximumPerMinute", equalTo(50))
                .body("job.documentParameters", nullValue());
        control()
                .get("/jobs/" + jobId + "/job-document")
                .then()
                .body("document", equalTo("{\"operation\":\"upgrade\"}"));

        String overridden = unique("from-template");
        ObjectNode explicit = fromTemplate.deepCopy().put("document", "{\"operation\":\"mine\"}");
        explicit.putObject("jobExecutionsRolloutConfig").put("maximumPerMinute", 5);
        createJob(overridden, explicit).statusCode(200);
        describeJob(overridden).body("job.jobExecutionsRolloutConfig.maximumPerMinute", equalTo(5));
        control()
                .get("/jobs/" + overridden + "/job-document")
                .then()
                .body("document", equalTo("{\"operation\":\"mine\"}"));

        // deleting the template leaves the jobs made of it as they are
        control().delete("/job-templates/" + id).then().statusCode(200);
        describeJob(jobId).statusCode(200).body("job.jobTemplateArn", equalTo(templateArn));
        createJob(unique("from-template"), fromTemplate)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Job template " + id + " does not exist."));
    }

    @Test
    void documentParametersNeedAnAwsManagedTemplate() {
        String id = unique("custom");
        createTemplate(id, template("{}")).statusCode(200);
        ObjectNode body = job(thingArn(unique("lamp"))).put("jobTemplateArn", JobCalls.ARN + "jobtemplate/" + id);
        body.remove("document");
        body.putObject("documentParameters").put("filePath", "/tmp/x");
        String refused = unique("job");
        createJob(refused, body)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("documentParameters can be used only with an AWS managed template."));
        body.remove("jobTemplateArn");
        createJob(refused, body)
                .statusCode(400)
                .body("message", equalTo("documentParameters can be used only with an AWS managed template."));
        describeJob(refused).statusCode(404);
    }

    @Test
    void aTemplatesTagsAreItsOwnAndGoWithIt() {
        String id = unique("tagged");
        String arn = JobCalls.ARN + "jobtemplate/" + id;
        ObjectNode body = template("{}");
        body.putArray("tags").addObject().put("Key", "team").put("Value", "firmware");
        createTemplate(id, body).statusCode(200);
        control()
                .queryParam("resourceArn", arn)
                .get("/tags")
                .then()
                .statusCode(200)
                .body("tags.Key", contains("team"))
                .body("tags.Value", contains("firmware"));

        ObjectNode more = JSON.createObjectNode().put("resourceArn", arn);
        more.putArray("tags").addObject().put("Key", "stage").put("Value", "beta");
        control().body(more.toString()).post("/tags").then().statusCode(200);
        control().queryParam("resourceArn", arn).get("/tags").then().body("tags.Key", contains("stage", "team"));

        control().delete("/job-templates/" + id).then().statusCode(200);
        control()
                .queryParam("resourceArn", arn)
                .get("/tags")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");

        ObjectNode tooMany = template("{}");
        for (int i = 0; i <= 50; i++) {
            tooMany.withArray("tags").addObject().put("Key", "k" + i).put("Value", "v");
        }
        createTemplate(unique("tagged"), tooMany)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("A job template can have at most 50 tags; this one would have 51"));
    }
}
