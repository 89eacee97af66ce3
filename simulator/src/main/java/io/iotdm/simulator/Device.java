package io.iotdm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated device on its own MQTT 5 connection: it reports its shadow ({@code $aws/things/{thing}/shadow/update},
 * docs/aws-behaviour.md §4) and runs its jobs as AWS's device SDK samples do (§5.3): {@code jobs/notify-next} → {@code
 * jobs/start-next} → the {@link JobHandler} → {@code jobs/{jobId}/update} with the outcome.
 */
public final class Device {

    /** The gateway's answer to one shadow update: accepted or rejected, and its payload. */
    public record ShadowAnswer(boolean accepted, JsonNode payload) {}

    private static final long ANSWER_TIMEOUT_SECONDS = 30;

    private final String thingName;
    private final String things;
    private final Mqtt5AsyncClient client;
    private final JobHandler jobs;
    private final FleetCounters counters;
    private final Map<String, CompletableFuture<ShadowAnswer>> shadowAnswers = new ConcurrentHashMap<>();
    private final Map<String, String> jobStatuses = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicBoolean online = new AtomicBoolean();

    public Device(GatewayTls tls, DeviceCredentials credentials, JobHandler jobs, FleetCounters counters) {
        this.thingName = credentials.clientId();
        this.things = "$aws/things/" + thingName + "/";
        this.jobs = jobs;
        this.counters = counters;
        this.client = tls.client(credentials, context -> {
            if (online.compareAndSet(true, false)) {
                counters.connected.decrementAndGet();
                if (context.getSource() != com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource.USER) {
                    counters.error(thingName + " lost its connection", context.getCause());
                }
            }
        });
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::received);
    }

    public String thingName() {
        return thingName;
    }

    /** CONNECT alone: completes with the CONNACK (a refusal fails the future). */
    public CompletableFuture<Mqtt5ConnAck> connect() {
        return client.connectWith().cleanStart(true).keepAlive(300).send().whenComplete((ack, failure) -> {
            if (failure == null && online.compareAndSet(false, true)) {
                counters.connected.incrementAndGet();
            }
        });
    }

    /** Connects, subscribes to its shadow's and jobs' answers, and asks for a job that was queued while offline. */
    public CompletableFuture<Void> start() {
        return connect()
                .thenCompose(ack -> MqttCalls.subscribe(
                        client,
                        List.of(
                                things + "shadow/update/accepted",
                                things + "shadow/update/rejected",
                                things + "jobs/notify-next",
                                things + "jobs/start-next/+",
                                things + "jobs/+/update/+")))
                .thenCompose(subscribed -> startNextJob());
    }

    /** Publishes {@code {"state":{"reported":...},"clientToken":...}}; completes with the gateway's answer. */
    public CompletableFuture<ShadowAnswer> reportShadow(JsonNode reported) {
        String token = thingName + "-" + tokens.incrementAndGet();
        ObjectNode update = ControlPlane.JSON.createObjectNode().put("clientToken", token);
        update.putObject("state").set("reported", reported);
        CompletableFuture<ShadowAnswer> answer = new CompletableFuture<>();
        shadowAnswers.put(token, answer);
        send(things + "shadow/update", update).whenComplete((sent, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            }
        });
        return answer.orTimeout(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((result, failure) -> {
            shadowAnswers.remove(token);
            if (failure instanceof java.util.concurrent.TimeoutException) { // a refused publish counted in send
                counters.error(thingName + " shadow update", failure);
            } else if (failure != null) {
                return;
            } else if (result.accepted()) {
                counters.shadowAccepted.increment();
            } else {
                counters.shadowRejected.increment();
            }
        });
    }

    public CompletableFuture<Void> disconnect() {
        return online.get() ? client.disconnect() : CompletableFuture.completedFuture(null);
    }

    private void received(Mqtt5Publish publish) {
        counters.received.increment();
        String topic = publish.getTopic().toString();
        JsonNode payload;
        try {
            payload = ControlPlane.JSON.readTree(publish.getPayloadAsBytes());
        } catch (IOException e) {
            counters.error(thingName + " got a payload that is not JSON on " + topic, e);
            return;
        }
        String suffix = topic.substring(things.length());
        switch (suffix) {
            case "shadow/update/accepted", "shadow/update/rejected" -> {
                CompletableFuture<ShadowAnswer> answer =
                        shadowAnswers.get(payload.path("clientToken").asText());
                if (answer != null) {
                    answer.complete(new ShadowAnswer(suffix.endsWith("accepted"), payload));
                }
            }
            case "jobs/notify-next" -> {
                if (payload.hasNonNull("execution")) {
                    startNextJob();
                }
            }
            case "jobs/start-next/accepted" -> {
                if (payload.hasNonNull("execution")) {
                    runJob(payload.get("execution"));
                }
            }
            case "jobs/start-next/rejected" ->
                counters.error(thingName + " start-next", new IllegalStateException(payload.toString()));
            default -> jobUpdateAnswered(suffix, payload);
        }
    }

    private CompletableFuture<Void> startNextJob() {
        return send(
                things + "jobs/start-next", ControlPlane.JSON.createObjectNode().put("clientToken", thingName));
    }

    private void runJob(JsonNode execution) {
        String jobId = execution.path("jobId").asText();
        if (jobStatuses.putIfAbsent(jobId, "IN_PROGRESS") != null) {
            return; // a second notify-next while this device still runs the job: start-next answered it again
        }
        jobs.run(thingName, execution)
                .thenCompose(outcome -> {
                    ObjectNode update = ControlPlane.JSON
                            .createObjectNode()
                            .put("status", outcome.status())
                            .put(
                                    "expectedVersion",
                                    execution.path("versionNumber").asLong());
                    ObjectNode details = update.putObject("statusDetails");
                    outcome.statusDetails().forEach(details::put);
                    jobStatuses.put(jobId, outcome.status());
                    return send(things + "jobs/" + jobId + "/update", update);
                })
                .exceptionally(failure -> {
                    jobStatuses.remove(jobId);
                    counters.error(thingName + " job " + jobId, failure);
                    return null;
                });
    }

    /** {@code jobs/{jobId}/update/accepted} or {@code /rejected}. */
    private void jobUpdateAnswered(String suffix, JsonNode payload) {
        String[] parts = suffix.split("/");
        if (parts.length != 4 || !parts[0].equals("jobs") || !parts[2].equals("update")) {
            return;
        }
        String status = jobStatuses.remove(parts[1]);
        if (parts[3].equals("rejected")) {
            counters.error(thingName + " job " + parts[1] + " update", new IllegalStateException(payload.toString()));
        } else if ("SUCCEEDED".equals(status)) {
            counters.jobsSucceeded.increment();
        } else if (status != null && !status.equals("IN_PROGRESS")) {
            counters.jobsFailed.increment();
        }
    }

    private CompletableFuture<Void> send(String topic, JsonNode payload) {
        counters.sent.increment();
        return MqttCalls.publish(client, topic, payload.toString()).whenComplete((sent, failure) -> {
            if (failure != null) {
                counters.error(thingName + " publish", failure);
            }
        });
    }
}
