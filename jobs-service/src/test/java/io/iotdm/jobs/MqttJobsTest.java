package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.JSON;
import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.device;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.thingArn;
import static io.iotdm.jobs.JobCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.events.DeviceMessages;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.testing.KafkaTopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The device jobs API over MQTT (§5.17), through Kafka as the device gateway forwards and delivers it: requests
 * written on iotdm.device.inbound, answers read from iotdm.device.outbound.
 */
@QuarkusTest
@JobsTestResource
class MqttJobsTest {

    @Inject
    TestClock clock;

    @Inject
    Pool pool;

    /** Publishes as the device gateway forwards a device's publish; answers the message id. */
    private static String publish(String thing, String topic, String payload) {
        return publish(thing, topic, payload, UUID.randomUUID().toString());
    }

    private static String publish(String thing, String topic, String payload, String messageId) {
        KafkaTopicWriter.publish(
                DeviceMessages.INBOUND_TOPIC,
                thing,
                payload.getBytes(StandardCharsets.UTF_8),
                Map.of(
                        "mqtt-topic",
                        "$aws/things/" + thing + "/jobs/" + topic,
                        DeviceMessages.CLIENT_ID_HEADER,
                        thing,
                        DeviceMessages.SESSION_TOKEN_HEADER,
                        "connection-of-" + thing,
                        DeviceMessages.MESSAGE_ID_HEADER,
                        messageId));
        return messageId;
    }

    /** The first {@code count} answers to the thing, in the order they were sent (one partition: the thing's key). */
    private static List<ConsumerRecord<String, String>> answers(String thing, int count) {
        return outbound(thing, topic -> topic.endsWith("/accepted") || topic.endsWith("/rejected"), count);
    }

    /** The first {@code count} jobs/notify and jobs/notify-next pushes to the thing, in order. */
    private static List<ConsumerRecord<String, String>> notifications(String thing, int count) {
        return outbound(thing, topic -> topic.endsWith("/notify") || topic.endsWith("/notify-next"), count);
    }

    private static List<ConsumerRecord<String, String>> outbound(String thing, Predicate<String> topics, int count) {
        List<ConsumerRecord<String, String>> found = KafkaTopicReader.await(
                DeviceMessages.OUTBOUND_TOPIC,
                record -> thing.equals(record.key()) && topics.test(topic(record)),
                count);
        assertThat(found).hasSize(count);
        return found;
    }

    private static String topic(ConsumerRecord<String, String> record) {
        return KafkaTopicReader.header(record, "mqtt-topic");
    }

    private static JsonNode payload(ConsumerRecord<String, String> record) throws IOException {
        return JSON.readTree(record.value());
    }

    @Test
    void aDeviceRunsItsJobOverMqtt() throws IOException {
        String thing = unique("lamp");
        String jobId = unique("reboot");
        createJob(jobId, job(thingArn(thing))).statusCode(200);
        String jobs = "$aws/things/" + thing + "/jobs/";

        publish(thing, "get", "{\"clientToken\":\"c1\"}");
        var get = answers(thing, 1).get(0);
        assertThat(topic(get)).isEqualTo(jobs + "get/accepted");
        // for the connection that asked alone (§5.3)
        assertThat(KafkaTopicReader.header(get, DeviceMessages.CLIENT_ID_HEADER))
                .isEqualTo(thing);
        assertThat(KafkaTopicReader.header(get, DeviceMessages.SESSION_TOKEN_HEADER))
                .isEqualTo("connection-of-" + thing);
        JsonNode pending = payload(get);
        assertThat(pending.path("clientToken").asText()).isEqualTo("c1");
        assertThat(pending.path("timestamp").isNumber()).isTrue();
        assertThat(pending.path("inProgressJobs").size()).isZero();
        assertThat(pending.path("queuedJobs").get(0).path("jobId").asText()).isEqualTo(jobId);
        assertThat(pending.path("queuedJobs").get(0).path("versionNumber").asInt())
                .isEqualTo(1);

        publish(thing, "start-next", "{\"clientToken\":\"c2\",\"statusDetails\":{\"step\":\"download\"}}");
        var started = answers(thing, 2).get(1);
        assertThat(topic(started)).isEqualTo(jobs + "start-next/accepted");
        JsonNode execution = payload(started).path("execution");
        assertThat(execution.path("jobId").asText()).isEqualTo(jobId);
        assertThat(execution.path("thingName").asText()).isEqualTo(thing);
        assertThat(execution.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(execution.path("statusDetails").path("step").asText()).isEqualTo("download");
        assertThat(execution.path("versionNumber").asInt()).isEqualTo(2);
        // over MQTT the document is an object, over HTTP a string
        assertThat(execution.path("jobDocument").path("operation").asText()).isEqualTo("reboot");
        assertThat(payload(started).path("clientToken").asText()).isEqualTo("c2");

        // Kafka delivers the update twice: it is applied and answered once
        String update = "{\"status\":\"SUCCEEDED\",\"expectedVersion\":2,\"includeJobExecutionState\":true,"
                + "\"includeJobDocument\":true,\"clientToken\":\"c3\"}";
        String messageId = publish(thing, jobId + "/update", update);
        publish(thing, jobId + "/update", update, messageId);
        publish(thing, jobId + "/get", "{\"includeJobDocument\":false}");
        var answered = answers(thing, 4);
        assertThat(answered)
                .extracting(MqttJobsTest::topic)
                .containsExactly(
                        jobs + "get/accepted",
                        jobs + "start-next/accepted",
                        jobs + jobId + "/update/accepted",
                        jobs + jobId + "/get/accepted");
        JsonNode updated = payload(answered.get(2));
        assertThat(updated.path("executionState").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(updated.path("executionState").path("versionNumber").asInt()).isEqualTo(3);
        assertThat(updated.path("jobDocument").path("operation").asText()).isEqualTo("reboot");
        assertThat(updated.path("clientToken").asText()).isEqualTo("c3");
        JsonNode described = payload(answered.get(3)).path("execution");
        assertThat(described.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(described.path("versionNumber").asInt()).isEqualTo(3);
        assertThat(described.has("jobDocument")).isFalse();
        device().get("/things/" + thing + "/jobs/" + jobId)
                .then()
                .statusCode(200)
                .body("execution.versionNumber", equalTo(3))
                .body("execution.jobDocument", equalTo("{\"operation\":\"reboot\"}"));
    }

    @Test
    void refusedRequestsAreRejectedWithAwsCodes() throws IOException {
        String thing = unique("lamp");
        String jobId = unique("reboot");
        createJob(jobId, job(thingArn(thing))).statusCode(200);
        String jobs = "$aws/things/" + thing + "/jobs/";

        publish(thing, jobId + "/update", "{\"status\":\"SUCCEEDED\",\"clientToken\":\"done\"}");
        publish(thing, jobId + "/update", "{\"status\":\"FAILED\",\"clientToken\":\"again\"}");
        publish(thing, jobId + "/update", "{\"status\":\"FAILED\",\"expectedVersion\":1}");
        publish(thing, unique("missing") + "/get", "{\"clientToken\":\"who\"}");
        publish(thing, "get", "not json");
        publish(thing, jobId + "/update", "{\"status\":\"CANCELED\"}");
        publish(thing, jobId + "/update", "{\"status\":\"BOGUS\"}");
        var answered = answers(thing, 7);

        assertThat(topic(answered.get(0))).isEqualTo(jobs + jobId + "/update/accepted");

        JsonNode terminal = payload(answered.get(1));
        assertThat(topic(answered.get(1))).isEqualTo(jobs + jobId + "/update/rejected");
        assertThat(terminal.path("code").asText()).isEqualTo("InvalidStateTransition");
        assertThat(terminal.path("message").asText())
                .isEqualTo("The job execution is in the terminal status SUCCEEDED and cannot be updated.");
        assertThat(terminal.path("clientToken").asText()).isEqualTo("again");
        assertThat(terminal.path("executionState").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(terminal.path("executionState").path("versionNumber").asInt())
                .isEqualTo(2);

        JsonNode version = payload(answered.get(2));
        assertThat(version.path("code").asText()).isEqualTo("VersionMismatch");
        assertThat(version.path("message").asText())
                .isEqualTo("The expected version 1 does not match the job execution's version 2.");
        assertThat(version.path("executionState").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(version.has("clientToken")).isFalse();

        JsonNode missing = payload(answered.get(3));
        assertThat(missing.path("code").asText()).isEqualTo("ResourceNotFound");
        assertThat(missing.path("clientToken").asText()).isEqualTo("who");
        assertThat(missing.has("executionState")).isFalse();

        assertThat(topic(answered.get(4))).isEqualTo(jobs + "get/rejected");
        assertThat(payload(answered.get(4)).path("code").asText()).isEqualTo("InvalidJson");

        JsonNode notADeviceStatus = payload(answered.get(5));
        assertThat(notADeviceStatus.path("code").asText()).isEqualTo("InvalidRequest");
        assertThat(notADeviceStatus.path("message").asText())
                .isEqualTo("A device may set the status of a job execution to IN_PROGRESS, SUCCEEDED, FAILED or"
                        + " REJECTED only, not CANCELED.");
        JsonNode bogus = payload(answered.get(6));
        assertThat(bogus.path("code").asText()).isEqualTo("InvalidRequest");
        assertThat(bogus.path("message").asText()).startsWith("1 validation error detected: Value 'BOGUS' at 'status'");
    }

    @Test
    void aDeviceIsToldWhenItsQueueChanges() throws IOException {
        String thing = unique("lamp");
        String first = unique("reboot");
        String second = unique("reboot");
        String jobs = "$aws/things/" + thing + "/jobs/";
        createJob(first, job(thingArn(thing))).statusCode(200);
        // a device works its queue oldest first: the second job is queued a second later
        clock.advance(Duration.ofSeconds(1));
        createJob(second, job(thingArn(thing))).statusCode(200);
        JobCalls.update(thing, first, "{\"status\":\"SUCCEEDED\"}").statusCode(200);
        control().put("/jobs/" + second + "/cancel").then().statusCode(200);

        var pushed = notifications(thing, 7);
        assertThat(pushed)
                .extracting(MqttJobsTest::topic)
                .containsExactly(
                        jobs + "notify",
                        jobs + "notify-next",
                        // the second job joins the queue behind the first: its head is the same
                        jobs + "notify",
                        jobs + "notify",
                        jobs + "notify-next",
                        jobs + "notify",
                        jobs + "notify-next");
        JsonNode queued = payload(pushed.get(0));
        assertThat(queued.path("timestamp").isNumber()).isTrue();
        assertThat(queued.path("jobs").path("QUEUED").get(0).path("jobId").asText())
                .isEqualTo(first);
        assertThat(queued.path("jobs").has("IN_PROGRESS")).isFalse();
        JsonNode next = payload(pushed.get(1)).path("execution");
        assertThat(next.path("jobId").asText()).isEqualTo(first);
        assertThat(next.path("status").asText()).isEqualTo("QUEUED");
        assertThat(next.path("versionNumber").asInt()).isEqualTo(1);
        assertThat(next.path("executionNumber").asInt()).isEqualTo(1);
        assertThat(next.path("jobDocument").path("operation").asText()).isEqualTo("reboot");
        assertThat(payload(pushed.get(2)).path("jobs").path("QUEUED"))
                .extracting(summary -> summary.path("jobId").asText())
                .containsExactly(first, second);
        assertThat(payload(pushed.get(3)).path("jobs").path("QUEUED"))
                .extracting(summary -> summary.path("jobId").asText())
                .containsExactly(second);
        assertThat(payload(pushed.get(4)).path("execution").path("jobId").asText())
                .isEqualTo(second);
        assertThat(payload(pushed.get(5)).path("jobs").size()).isZero();
        assertThat(payload(pushed.get(6)).has("execution")).isFalse();
    }

    @Test
    void aRequestThatFailsForAReasonOfItsOwnIsAnsweredInternalErrorAndTheRequestsBehindItApplied() throws IOException {
        String thing = unique("lamp");
        String jobId = unique("reboot");
        createJob(jobId, job(thingArn(thing))).statusCode(200);
        // a stored job document that no longer reads: every try of a request that carries it fails the same way
        pool.preparedQuery("UPDATE job SET document = 'not json' WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .await()
                .atMost(Duration.ofSeconds(30));
        String jobs = "$aws/things/" + thing + "/jobs/";

        publish(thing, jobId + "/get", "{\"clientToken\":\"poisoned\"}");
        publish(thing, "get", "{}");

        var answered = answers(thing, 2);
        assertThat(answered)
                .extracting(MqttJobsTest::topic)
                .containsExactly(jobs + jobId + "/get/rejected", jobs + "get/accepted");
        JsonNode rejected = payload(answered.get(0));
        assertThat(rejected.path("code").asText()).isEqualTo("InternalError");
        assertThat(rejected.path("message").asText()).isEqualTo("An internal error occurred.");
        assertThat(rejected.path("clientToken").asText()).isEqualTo("poisoned");
        assertThat(payload(answered.get(1))
                        .path("queuedJobs")
                        .get(0)
                        .path("jobId")
                        .asText())
                .isEqualTo(jobId);
    }
}
