package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.DescribeJobResponse;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.JobProcessDetails;
import software.amazon.awssdk.services.iot.model.JobStatus;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;

/**
 * A job through the whole suite: things and a group in the registry and the group-service, CreateJob on the control
 * plane (the gateway routes it to the jobs-service, which asks the group-service for the group's things), each device
 * working its execution over the device jobs API (signed {@code iot-jobs-data}, which decides the routing of the paths
 * it shares with {@code iot}), the job COMPLETED with exact counts, and the events on Kafka.
 */
class JobsEndToEndTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void aJobOfAGroupCompletesWhenEveryDeviceHasSucceeded() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> things = List.of("pump-a-" + suffix, "pump-b-" + suffix, "pump-c-" + suffix);
        String group = "pumps-" + suffix;
        String jobId = "firmware-" + suffix;
        try (IotClient iot = Suite.iot()) {
            iot.createThingGroup(request -> request.thingGroupName(group));
            for (String thing : things) {
                iot.createThing(request -> request.thingName(thing));
                iot.addThingToThingGroup(
                        request -> request.thingGroupName(group).thingName(thing));
            }
            String groupArn = iot.describeThingGroup(request -> request.thingGroupName(group))
                    .thingGroupArn();

            var created = iot.createJob(request -> request.jobId(jobId)
                    .targets(groupArn)
                    .document("{\"firmware\":\"2.1.0\"}")
                    .description("pump firmware"));
            assertThat(created.jobArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:job/" + jobId);
            assertThatThrownBy(() -> iot.createJob(
                            request -> request.jobId(jobId).targets(groupArn).document("{}")))
                    .isInstanceOf(ResourceAlreadyExistsException.class);
            assertThat(iot.describeJob(request -> request.jobId(jobId))
                            .job()
                            .jobProcessDetails()
                            .numberOfQueuedThings())
                    .isEqualTo(3);

            for (String thing : things) {
                // the device API over HTTP: the next execution, then IN_PROGRESS, then SUCCEEDED
                JsonNode pending = device("GET", "/things/" + thing + "/jobs", null);
                assertThat(pending.path("queuedJobs").get(0).path("jobId").asText())
                        .isEqualTo(jobId);
                JsonNode started = device("PUT", "/things/" + thing + "/jobs/$next", "{}");
                assertThat(started.path("execution").path("status").asText()).isEqualTo("IN_PROGRESS");
                assertThat(started.path("execution").path("jobDocument").asText())
                        .isEqualTo("{\"firmware\":\"2.1.0\"}");
                long version = started.path("execution").path("versionNumber").asLong();
                device(
                        "POST",
                        "/things/" + thing + "/jobs/" + jobId,
                        "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"progress\":\"50%\"},\"expectedVersion\":"
                                + version + "}");
                JsonNode done = device(
                        "POST",
                        "/things/" + thing + "/jobs/" + jobId,
                        "{\"status\":\"SUCCEEDED\",\"includeJobExecutionState\":true}");
                assertThat(done.path("executionState").path("status").asText()).isEqualTo("SUCCEEDED");
            }
            // the same path signed iot is the control plane's ListJobExecutionsForThing
            assertThat(iot.listJobExecutionsForThing(request -> request.thingName(things.getFirst()))
                            .executionSummaries()
                            .getFirst()
                            .jobExecutionSummary()
                            .status())
                    .isEqualTo(JobExecutionStatus.SUCCEEDED);

            DescribeJobResponse completed = Eventually.await(
                    () -> iot.describeJob(request -> request.jobId(jobId)),
                    described -> described.job().status() == JobStatus.COMPLETED);
            assertThat(completed.job().status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(completed.job().completedAt()).isNotNull();
            JobProcessDetails details = completed.job().jobProcessDetails();
            assertThat(details.numberOfSucceededThings()).isEqualTo(3);
            assertThat(details.numberOfQueuedThings()).isZero();
            assertThat(details.numberOfInProgressThings()).isZero();
            assertThat(details.numberOfFailedThings()).isZero();
            assertThat(details.numberOfCanceledThings()).isZero();
        }

        List<JsonNode> jobEvents = SuiteEvents.eventsFor("aws.events.job", jobId, 2);
        assertThat(jobEvents)
                .extracting(event -> event.path("operation").asText())
                .containsExactly("created", "completed");
        assertThat(jobEvents
                        .get(1)
                        .path("jobProcessDetails")
                        .path("numberOfSucceededThings")
                        .asLong())
                .isEqualTo(3);
        for (String thing : things) {
            JsonNode succeeded = SuiteEvents.await(
                            "aws.events.jobExecution",
                            payload -> payload.path("jobId").asText().equals(jobId),
                            thing,
                            1)
                    .getFirst();
            assertThat(succeeded.path("operation").asText()).isEqualTo("succeeded");
            assertThat(succeeded.path("thingArn").asText())
                    .isEqualTo("arn:aws:iot:us-east-1:123456789012:thing/" + thing);
            assertThat(succeeded.path("statusDetails").path("progress").asText())
                    .isEqualTo("50%");
        }
    }

    private static JsonNode device(String method, String path, String body) {
        HttpResponse<String> response = IotDataHttp.send("iot-jobs-data", method, path, body);
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
