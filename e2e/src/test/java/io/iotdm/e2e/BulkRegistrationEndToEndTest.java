package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.DescribeThingRegistrationTaskResponse;
import software.amazon.awssdk.services.iot.model.ReportType;
import software.amazon.awssdk.services.iot.model.Status;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bulk registration as AWS's docs show it, with the AWS SDK for Java v2 and its S3 client against the whole suite: the
 * input file uploaded to the S3 store, StartThingRegistrationTask, DescribeThingRegistrationTask polled until
 * Completed, and both reports fetched with plain GETs of ListThingRegistrationTaskReports' presigned links.
 */
class BulkRegistrationEndToEndTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String BODY =
            """
            {"Parameters": {"ThingName": {"Type": "String"}, "SerialNumber": {"Type": "String"},
                            "CSR": {"Type": "String"}},
             "Resources": {
               "thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "ThingName"},
                 "AttributePayload": {"serial": {"Ref": "SerialNumber"}}}},
               "certificate": {"Type": "AWS::IoT::Certificate",
                 "Properties": {"CertificateSigningRequest": {"Ref": "CSR"}, "Status": "ACTIVE"}}}}""";

    private final IotClient iot = Suite.iot();

    @Test
    void aTaskRegistersItsLinesAndItsReportsAreFetchedThroughPresignedLinks() throws Exception {
        String prefix = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
        KeyPair key = DeviceKeys.ecP256();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String thing = prefix + "-" + i;
            lines.add(JSON.createObjectNode()
                    .put("ThingName", i == 20 ? "not a thing name" : thing)
                    .put("SerialNumber", "sn-" + i)
                    .put("CSR", DeviceKeys.csr(key, thing))
                    .toString());
        }
        String bucket = "e2e-registration";
        String inputKey = prefix + "/devices.json";
        try (S3Client s3 = Suite.s3(Suite.addresses())) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                if (e.statusCode() != 409) {
                    throw e;
                }
            }
            s3.putObject(b -> b.bucket(bucket).key(inputKey), RequestBody.fromString(String.join("\n", lines)));
        }

        String taskId = iot.startThingRegistrationTask(request -> request.templateBody(BODY)
                        .inputFileBucket(bucket)
                        .inputFileKey(inputKey)
                        .roleArn("arn:aws:iam::123456789012:role/BulkRegistration"))
                .taskId();
        DescribeThingRegistrationTaskResponse task = awaitEnd(taskId);
        assertThat(task.status()).isEqualTo(Status.COMPLETED);
        assertThat(task.successCount()).isEqualTo(19);
        assertThat(task.failureCount()).isEqualTo(1);
        assertThat(task.percentageProgress()).isEqualTo(100);
        assertThat(task.inputFileBucket()).isEqualTo(bucket);
        assertThat(task.inputFileKey()).isEqualTo(inputKey);
        assertThat(task.templateBody()).isEqualTo(BODY);
        assertThat(iot.listThingRegistrationTasks(request -> request.status(Status.COMPLETED))
                        .taskIds())
                .contains(taskId);

        List<JsonNode> results = report(taskId, ReportType.RESULTS);
        assertThat(results).hasSize(19);
        for (int i = 1; i <= 19; i++) {
            JsonNode result = results.get(i - 1);
            String thing = prefix + "-" + i;
            assertThat(result.path("lineNumber").asInt()).isEqualTo(i);
            assertThat(result.path("thingName").asText()).isEqualTo(thing);
            assertThat(result.path("resourceArns").path("thing").asText())
                    .isEqualTo(iot.describeThing(request -> request.thingName(thing))
                            .thingArn());
            String certificateArn =
                    result.path("resourceArns").path("certificate").asText();
            String certificateId = certificateArn.substring(certificateArn.lastIndexOf('/') + 1);
            var certificate = iot.describeCertificate(request -> request.certificateId(certificateId))
                    .certificateDescription();
            assertThat(certificate.status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(DeviceKeys.certificate(result.path("certificatePem").asText()))
                    .isEqualTo(DeviceKeys.certificate(certificate.certificatePem()));
            assertThat(iot.listThingPrincipals(request -> request.thingName(thing))
                            .principals())
                    .containsExactly(certificateArn);
        }
        List<JsonNode> errors = report(taskId, ReportType.ERRORS);
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst().toString())
                .isEqualTo("{\"lineNumber\":20,\"thingName\":\"not a thing name\",\"errorCode\":"
                        + "\"ResourceRegistrationFailureException\",\"errorMessage\":\"Resource thing: ThingName: the"
                        + " name 'not a thing name' must match [a-zA-Z0-9:_-]+\"}");
    }

    private DescribeThingRegistrationTaskResponse awaitEnd(String taskId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (true) {
            DescribeThingRegistrationTaskResponse task =
                    iot.describeThingRegistrationTask(request -> request.taskId(taskId));
            if (task.status() != Status.IN_PROGRESS && task.status() != Status.CANCELLING) {
                return task;
            }
            assertThat(Instant.now())
                    .as("task %s still %s", taskId, task.status())
                    .isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private List<JsonNode> report(String taskId, ReportType type) throws IOException, InterruptedException {
        List<JsonNode> lines = new ArrayList<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String link : iot.listThingRegistrationTaskReportsPaginator(
                            request -> request.taskId(taskId).reportType(type))
                    .resourceLinks()) {
                HttpResponse<String> object = http.send(
                        HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(object.statusCode()).isEqualTo(200);
                for (String line : object.body().lines().toList()) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }
}
