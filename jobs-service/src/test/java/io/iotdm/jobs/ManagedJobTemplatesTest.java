package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.JSON;
import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.thingArn;
import static io.iotdm.jobs.JobCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AWS-managed templates: listed, described, and a job made of one with its documentParameters (§5.15). */
@QuarkusTest
@JobsTestResource
class ManagedJobTemplatesTest {

    private static final String MANAGED = "arn:aws:iot:us-east-1::jobtemplate/";

    @Test
    void theManagedTemplatesAreListedByNameAcrossPages() throws IOException {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            var request = control().queryParam("maxResults", 4);
            if (token != null) {
                request.queryParam("nextToken", token);
            }
            JsonNode page = JSON.readTree(request.get("/managed-job-templates")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            for (JsonNode summary : page.path("managedJobTemplates")) {
                names.add(summary.path("templateName").asText());
                assertThat(summary.path("templateArn").asText())
                        .isEqualTo(MANAGED + summary.path("templateName").asText() + ":"
                                + summary.path("templateVersion").asText());
                assertThat(summary.path("environments").toString()).isEqualTo("[\"LINUX\"]");
                assertThat(summary.path("description").asText()).isNotEmpty();
            }
            token = page.path("nextToken").asText(null);
        } while (token != null);
        assertThat(names)
                .containsExactly(
                        "AWS-Download-File",
                        "AWS-Install-Application",
                        "AWS-Reboot",
                        "AWS-Remove-Application",
                        "AWS-Restart-Application",
                        "AWS-Run-Command",
                        "AWS-Start-Application",
                        "AWS-Stop-Application",
                        "iotdm-Factory-Reset");

        control()
                .queryParam("templateName", "AWS-Reboot")
                .get("/managed-job-templates")
                .then()
                .statusCode(200)
                .body("managedJobTemplates.templateName", contains("AWS-Reboot"));
        control()
                .queryParam("templateName", "AWS-Nothing")
                .get("/managed-job-templates")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Managed job template AWS-Nothing does not exist."));
    }

    @Test
    void aManagedTemplateIsDescribedWithItsDocumentAndParameters() throws IOException {
        String described = control()
                .get("/managed-job-templates/AWS-Reboot")
                .then()
                .statusCode(200)
                .body("templateName", equalTo("AWS-Reboot"))
                .body("templateArn", equalTo(MANAGED + "AWS-Reboot:1.0"))
                .body("templateVersion", equalTo("1.0"))
                .body("environments", contains("LINUX"))
                .body("documentParameters.key", contains("runAsUser", "pathToHandler"))
                .body("documentParameters.optional", contains(true, true))
                .extract()
                .path("document");
        JsonNode action = JSON.readTree(described).path("steps").get(0).path("action");
        assertThat(action.path("type").asText()).isEqualTo("runHandler");
        assertThat(action.path("input").path("handler").asText()).isEqualTo("reboot.sh");
        assertThat(action.path("input").path("path").asText()).isEqualTo("${aws:iot:parameter:pathToHandler}");
        assertThat(action.path("runAsUser").asText()).isEqualTo("${aws:iot:parameter:runAsUser}");

        control()
                .queryParam("templateVersion", "1.0")
                .get("/managed-job-templates/AWS-Download-File")
                .then()
                .statusCode(200)
                .body("documentParameters.key", contains("downloadUrl", "filePath", "runAsUser", "pathToHandler"))
                .body("documentParameters.optional", contains(false, false, true, true));
        control()
                .queryParam("templateVersion", "9.9")
                .get("/managed-job-templates/AWS-Reboot")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Managed job template AWS-Reboot version 9.9 does not exist."));
    }

    @Test
    void aJobOfAManagedTemplateHasItsParametersFilledIn() throws IOException {
        String jobId = unique("download");
        ObjectNode body = JSON.createObjectNode().put("jobTemplateArn", MANAGED + "AWS-Download-File:1.0");
        body.putArray("targets").add(thingArn(unique("lamp")));
        // a value with quotes stays a JSON string: the document's structure never changes
        body.putObject("documentParameters")
                .put("downloadUrl", "https://example.com/firmware.bin")
                .put("filePath", "/tmp/\"fw\".bin");
        createJob(jobId, body).statusCode(200);

        describeJob(jobId)
                .statusCode(200)
                .body("job.jobTemplateArn", equalTo(MANAGED + "AWS-Download-File:1.0"))
                .body("job.documentParameters.downloadUrl", equalTo("https://example.com/firmware.bin"))
                .body("job.documentParameters.filePath", equalTo("/tmp/\"fw\".bin"));
        String document = control()
                .get("/jobs/" + jobId + "/job-document")
                .then()
                .statusCode(200)
                .extract()
                .path("document");
        JsonNode action = JSON.readTree(document).path("steps").get(0).path("action");
        assertThat(action.path("input").path("args").toString())
                .isEqualTo("[\"https://example.com/firmware.bin\",\"/tmp/\\\"fw\\\".bin\"]");
        assertThat(action.path("input").path("path").asText()).isEmpty();
        assertThat(action.path("runAsUser").asText()).isEmpty();
    }

    @Test
    void documentParametersAreCheckedAgainstTheTemplate() {
        ObjectNode body = JSON.createObjectNode().put("jobTemplateArn", MANAGED + "AWS-Download-File:1.0");
        body.putArray("targets").add(thingArn(unique("lamp")));
        ObjectNode parameters = body.putObject("documentParameters").put("downloadUrl", "https://example.com/f");
        createJob(unique("job"), body)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("The document parameter filePath is required by the managed template"
                                + " AWS-Download-File:1.0."));
        parameters.put("filePath", "/tmp/f").put("colour", "red");
        createJob(unique("job"), body)
                .statusCode(400)
                .body(
                        "message",
                        equalTo("The managed template AWS-Download-File:1.0 has no document parameter colour."));
        parameters.remove("colour");
        parameters.put("downloadUrl", "https://example.com/a file");
        createJob(unique("job"), body)
                .statusCode(400)
                .body(
                        "message",
                        equalTo("The value of the document parameter downloadUrl does not match the pattern"
                                + " [^\\p{C}\\s]{1,2048} of the managed template AWS-Download-File:1.0."));
        body.put("jobTemplateArn", MANAGED + "AWS-Reboot:7.0");
        createJob(unique("job"), body)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Managed job template " + MANAGED + "AWS-Reboot:7.0 does not exist."));
    }
}
