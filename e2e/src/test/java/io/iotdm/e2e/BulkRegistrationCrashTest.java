package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.devstack.DevStackProcess;
import io.iotdm.devstack.StackAddresses;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.DescribeThingRegistrationTaskResponse;
import software.amazon.awssdk.services.iot.model.Status;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code kill -9} of the provisioning-service in the middle of a bulk registration task (docs/aws-behaviour.md §6.9):
 * after a restart on the same data the task resumes and completes, and every line's thing is provisioned exactly once
 * (one certificate issued from its CSR and attached: a line applied twice would have two).
 */
class BulkRegistrationCrashTest {

    private static final int LINES = 300;
    private static final JsonMapper JSON = new JsonMapper();
    private static final String BODY =
            """
            {"Parameters": {"ThingName": {"Type": "String"}, "CSR": {"Type": "String"}},
             "Resources": {
               "thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "ThingName"}}},
               "certificate": {"Type": "AWS::IoT::Certificate",
                 "Properties": {"CertificateSigningRequest": {"Ref": "CSR"}, "Status": "ACTIVE"}}}}""";

    @Test
    void aTaskSurvivesTheKillOfItsRunnerAndAppliesNoLineTwice() throws Exception {
        Path data = Path.of("target", "bulk-crash-suite");
        Path root = Path.of(System.getProperty("iotdm.project.root"));
        String prefix = "crash-bulk-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        KeyPair key = DeviceKeys.ecP256();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            lines.add(JSON.createObjectNode()
                    .put("ThingName", prefix + i)
                    .put("CSR", DeviceKeys.csr(key, prefix + i))
                    .toString());
        }
        String taskId;
        try (DevStackProcess suite = DevStackProcess.start(data, true, root);
                IotClient iot = Suite.iot(suite.addresses(), suite.addresses().get(StackAddresses.API_SECRET_KEY));
                S3Client s3 = Suite.s3(suite.addresses())) {
            s3.createBucket(b -> b.bucket("crash-input"));
            s3.putObject(
                    b -> b.bucket("crash-input").key("devices.json"), RequestBody.fromString(String.join("\n", lines)));
            taskId = iot.startThingRegistrationTask(request -> request.templateBody(BODY)
                            .inputFileBucket("crash-input")
                            .inputFileKey("devices.json")
                            .roleArn("arn:aws:iam::123456789012:role/BulkRegistration"))
                    .taskId();
            Instant deadline = Instant.now().plusSeconds(120);
            DescribeThingRegistrationTaskResponse task;
            do {
                Thread.sleep(20);
                task = iot.describeThingRegistrationTask(request -> request.taskId(taskId));
            } while (task.successCount() < LINES / 4 && Instant.now().isBefore(deadline));
            assertThat(task.status()).as("the task when the service is killed").isEqualTo(Status.IN_PROGRESS);
            provisioningService(suite.pid()).destroyForcibly(); // SIGKILL
        }

        try (DevStackProcess restarted = DevStackProcess.start(data, false, root);
                IotClient iot =
                        Suite.iot(restarted.addresses(), restarted.addresses().get(StackAddresses.API_SECRET_KEY))) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            DescribeThingRegistrationTaskResponse task;
            do {
                Thread.sleep(200);
                task = iot.describeThingRegistrationTask(request -> request.taskId(taskId));
            } while (task.status() == Status.IN_PROGRESS && Instant.now().isBefore(deadline));
            assertThat(task.status()).isEqualTo(Status.COMPLETED);
            assertThat(task.successCount()).isEqualTo(LINES);
            assertThat(task.failureCount()).isZero();
            for (int i = 0; i < LINES; i++) {
                String thing = prefix + i;
                assertThat(iot.listThingPrincipals(request -> request.thingName(thing))
                                .principals())
                        .as("the certificates of %s", thing)
                        .hasSize(1);
            }
        }
    }

    private static ProcessHandle provisioningService(long devstackPid) {
        return ProcessHandle.of(devstackPid)
                .orElseThrow()
                .descendants()
                .filter(process -> process.info().commandLine().orElse("").contains("provisioning-service"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no provisioning-service under devstack " + devstackPid));
    }
}
