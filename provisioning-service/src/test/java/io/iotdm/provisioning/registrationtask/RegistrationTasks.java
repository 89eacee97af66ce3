package io.iotdm.provisioning.registrationtask;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The calls of the registration task tests, and devstack's S3 store as a caller sees it. */
final class RegistrationTasks {

    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/Registration_role";
    static final String BUCKET = "registration-input";
    static final JsonMapper JSON = new JsonMapper();

    /** A thing named by the line, with its serial number as an attribute, and a certificate from the line's CSR. */
    static final String BODY =
            """
            {"Parameters": {"ThingName": {"Type": "String"}, "SerialNumber": {"Type": "String"},
                            "CSR": {"Type": "String"}},
             "Resources": {
               "thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "ThingName"},
                 "AttributePayload": {"serial": {"Ref": "SerialNumber"}}}},
               "certificate": {"Type": "AWS::IoT::Certificate",
                 "Properties": {"CertificateSigningRequest": {"Ref": "CSR"}, "Status": "ACTIVE"}}}}""";

    /** A thing named by the line, nothing else. */
    static final String THING_BODY =
            """
            {"Parameters": {"ThingName": {"Type": "String"}},
             "Resources": {"thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "ThingName"}}}}}""";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static S3Client s3;

    private RegistrationTasks() {}

    static synchronized S3Client s3() {
        if (s3 == null) {
            var config = ConfigProvider.getConfig();
            s3 = S3Client.builder()
                    .endpointOverride(URI.create(config.getValue("iotdm.s3.endpoint", String.class)))
                    .region(Region.of(config.getValue("iotdm.s3.region", String.class)))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            config.getValue("iotdm.s3.access-key", String.class),
                            config.getValue("iotdm.s3.secret-key", String.class))))
                    .forcePathStyle(true)
                    .httpClient(UrlConnectionHttpClient.create())
                    // S3Proxy does not take the SDK's default chunked checksums on upload
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
            try {
                s3.createBucket(b -> b.bucket(BUCKET));
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                if (e.statusCode() != 409) {
                    throw e;
                }
            }
        }
        return s3;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** @return the key of a new input file of these lines in {@link #BUCKET} */
    static String upload(List<String> lines) {
        String key = unique("input") + ".json";
        s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(String.join("\n", lines) + "\n"));
        return key;
    }

    static ValidatableResponse start(String body, String bucket, String key, String roleArn) {
        return given().contentType(ContentType.JSON)
                .body(JSON.createObjectNode()
                        .put("templateBody", body)
                        .put("inputFileBucket", bucket)
                        .put("inputFileKey", key)
                        .put("roleArn", roleArn)
                        .toString())
                .post("/thing-registration-tasks")
                .then();
    }

    /** @return the new task's id */
    static String start(String body, String key) {
        return start(body, BUCKET, key, ROLE_ARN).statusCode(200).extract().path("taskId");
    }

    static ValidatableResponse describe(String taskId) {
        return given().get("/thing-registration-tasks/" + taskId).then();
    }

    static ValidatableResponse stop(String taskId) {
        return given().put("/thing-registration-tasks/" + taskId + "/cancel").then();
    }

    static ValidatableResponse reports(String taskId, String type, String nextToken, Integer maxResults) {
        var request = given().queryParam("reportType", type);
        if (nextToken != null) {
            request.queryParam("nextToken", nextToken);
        }
        if (maxResults != null) {
            request.queryParam("maxResults", maxResults);
        }
        return request.get("/thing-registration-tasks/" + taskId + "/reports").then();
    }

    /** Describes the task until it has ended (a runner's pace is no test's business: generous patience). */
    static JsonPath awaitEnd(String taskId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            JsonPath task = describe(taskId).statusCode(200).extract().jsonPath();
            String status = task.getString("status");
            if (!status.equals("InProgress") && !status.equals("Cancelling")) {
                return task;
            }
            assertThat(System.nanoTime()).as("task %s still %s", taskId, status).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Every line of a report, fetched with plain GETs of its presigned links, page by page. */
    static List<String> reportLines(String taskId, String type) {
        List<String> lines = new ArrayList<>();
        String token = null;
        do {
            JsonPath page =
                    reports(taskId, type, token, null).statusCode(200).extract().jsonPath();
            assertThat(page.getString("reportType")).isEqualTo(type);
            for (String link : page.getList("resourceLinks", String.class)) {
                lines.addAll(fetch(link).lines().toList());
            }
            token = page.getString("nextToken");
        } while (token != null);
        return lines;
    }

    static String fetch(String link) {
        try {
            HttpResponse<String> response =
                    HTTP.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s", link).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
