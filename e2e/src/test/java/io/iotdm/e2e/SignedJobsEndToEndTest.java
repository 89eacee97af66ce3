package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.iotdm.devstack.StackAddresses;
import io.iotdm.simulator.JobHandler;
import io.iotdm.simulator.SignedArtifacts;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.JobExecution;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A signed update through the whole suite (issue 18's "Done when"): a signing profile, StartSigningJob over an
 * artifact in the S3 store, CreateJob whose document names the signing job (docs/aws-behaviour.md §10.5) and a
 * presigned URL of the artifact (§5.22); the device gets the job over MQTT, downloads the artifact with the URL,
 * verifies it with platform/codesign against the certificate it trusts and reports SUCCEEDED, or FAILED with the
 * reason when the artifact in the store was tampered with after it was signed.
 */
class SignedJobsEndToEndTest {

    private static final JsonMapper JSON = new JsonMapper();

    /** The thing's own job topics, connected as the thing. */
    private static final String JOB_TOPICS =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect",
               "Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:Connection.Thing.ThingName}"},
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
               "Resource":"arn:aws:iot:us-east-1:123456789012:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"},
              {"Effect":"Allow","Action":"iot:Subscribe",
               "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"}]}""";

    private final IotClient iot = Suite.iot();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String bucket = "e2e-signed-jobs-" + run;

    @Test
    void theDeviceInstallsTheSignedArtifactAndRefusesATamperedOne() throws Exception {
        StackAddresses stack = Suite.addresses();
        String profile = "e2e_" + run;
        byte[] artifact = new byte[300 * 1024];
        new Random(18).nextBytes(artifact);
        try (S3Client s3 = Suite.s3(stack)) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("good.bin"), RequestBody.fromBytes(artifact));
            s3.putObject(b -> b.bucket(bucket).key("tampered.bin"), RequestBody.fromBytes(artifact));
            signer(
                    "PUT",
                    "/signing-profiles/" + profile,
                    """
                    {"platformId":"AWSIoTDeviceManagement-SHA256-ECDSA","signingMaterial":{"certificateArn":
                    "arn:aws:acm:us-east-1:123456789012:certificate/e2e-%s"}}"""
                            .formatted(run));
            String goodSigning = startSigningJob(profile, "good.bin");
            String tamperedSigning = startSigningJob(profile, "tampered.bin");
            // the platform team's certificate, built into the devices before the update
            String trusted = JSON.readTree(
                            s3.getObjectAsBytes(b -> b.bucket(bucket).key("signed/" + goodSigning))
                                    .asByteArray())
                    .path("certificate")
                    .asText();

            byte[] tampered = artifact.clone();
            tampered[1000] ^= 0x20;
            s3.putObject(b -> b.bucket(bucket).key("tampered.bin"), RequestBody.fromBytes(tampered));

            assertThat(update("good.bin", goodSigning, trusted))
                    .satisfies(execution -> assertThat(execution.status()).isEqualTo(JobExecutionStatus.SUCCEEDED));
            assertThat(update("tampered.bin", tamperedSigning, trusted)).satisfies(execution -> {
                assertThat(execution.status()).isEqualTo(JobExecutionStatus.FAILED);
                assertThat(execution.statusDetails().detailsMap())
                        .containsEntry("reason", "TAMPERED")
                        .containsEntry("message", "the signature does not verify: the artifact is not the one signed");
            });
        }
    }

    /** A job of the artifact at {@code key} for a new device, which works it over MQTT; its execution at the end. */
    private JobExecution update(String key, String signingJob, String trustedCertificate) throws Exception {
        String thing = "sensor-" + UUID.randomUUID().toString().substring(0, 8);
        iot.createThing(request -> request.thingName(thing));
        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(request -> request.setAsActive(true));
        String policy = "e2e-jobs-" + UUID.randomUUID().toString().substring(0, 8);
        iot.createPolicy(request -> request.policyName(policy).policyDocument(JOB_TOPICS));
        iot.attachPolicy(request -> request.policyName(policy).target(created.certificateArn()));
        iot.attachThingPrincipal(request -> request.thingName(thing).principal(created.certificateArn()));
        String thingArn = iot.describeThing(request -> request.thingName(thing)).thingArn();

        ObjectNode document = JSON.createObjectNode()
                .put("operation", "install")
                .put("presign", "${aws:iot:s3-presigned-url:https://s3.amazonaws.com/" + bucket + "/" + key + "}");
        document.putObject("codesign").put("awsSignerJobId", signingJob);
        String jobId = "ota-" + UUID.randomUUID().toString().substring(0, 8);
        iot.createJob(request -> request.jobId(jobId)
                .targets(thingArn)
                .document(document.toString())
                .presignedUrlConfig(config ->
                        config.roleArn("arn:aws:iam::123456789012:role/e2e-ota").expiresInSec(600L)));

        String jobs = "$aws/things/" + thing + "/jobs";
        Mqtt5BlockingClient device = MqttDevices.device(Suite.addresses(), created, thing, new CountDownLatch(1));
        device.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
            for (String filter : new String[] {jobs + "/start-next/+", jobs + "/" + jobId + "/update/+"}) {
                device.subscribeWith()
                        .topicFilter(filter)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
            }
            publish(device, jobs + "/start-next", "{\"clientToken\":\"device\"}");
            JsonNode execution =
                    MqttDevices.answer(publishes, jobs + "/start-next/accepted").path("execution");
            assertThat(execution.path("jobId").asText()).isEqualTo(jobId);
            JsonNode received = execution.path("jobDocument");

            // the simulator's device does what a device of the fleet does: download, verify, report
            JobHandler.Outcome outcome = new SignedArtifacts(trustedCertificate)
                    .run(thing, execution)
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            publish(
                    device,
                    jobs + "/" + jobId + "/update",
                    JSON.createObjectNode()
                            .put("status", outcome.status())
                            .<ObjectNode>set("statusDetails", JSON.valueToTree(outcome.statusDetails()))
                            .toString());
            MqttDevices.answer(publishes, jobs + "/" + jobId + "/update/accepted");
        } finally {
            device.disconnect();
        }
        return iot.describeJobExecution(request -> request.jobId(jobId).thingName(thing))
                .execution();
    }

    private String startSigningJob(String profile, String key) throws Exception {
        JsonNode started = signer(
                "POST",
                "/signing-jobs",
                """
                {"profileName":"%s","clientRequestToken":"%s","source":{"s3":{"bucketName":"%s","key":"%s",
                "version":"1"}},"destination":{"s3":{"bucketName":"%s","prefix":"signed/"}}}"""
                        .formatted(profile, UUID.randomUUID(), bucket, key, bucket));
        String jobId = started.path("jobId").asText();
        assertThat(signer("GET", "/signing-jobs/" + jobId, null).path("status").asText())
                .isEqualTo("Succeeded");
        return jobId;
    }

    private static JsonNode signer(String method, String path, String body) throws Exception {
        HttpResponse<String> response = IotDataHttp.send("signer", method, path, body);
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void publish(Mqtt5BlockingClient device, String topic, String payload) {
        device.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8))
                .send();
    }
}
