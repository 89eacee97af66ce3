package io.iotdm.jobs.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.AwsModel;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.InputValidator;
import io.iotdm.aws.protocol.ServiceModel;
import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.iotdm.jobs.store.DeviceMessageRepository;
import io.iotdm.jobs.store.ExecutionStatus;
import io.iotdm.jobs.store.StatusDetails;
import io.iotdm.messaging.DeviceRequestFailures;
import io.iotdm.messaging.UntilApplied;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The device jobs API over MQTT (docs/aws-behaviour.md §5.3, §5.17): a device's publish on {@code
 * $aws/things/<thing>/jobs/get}, {@code /start-next}, {@code /<jobId>/get} or {@code /<jobId>/update}, forwarded by
 * the device gateway on {@value DeviceMessages#INBOUND_TOPIC}, is validated against the {@code iot-jobs-data} model
 * like the HTTP request, applied by {@link DeviceJobs} (the HTTP API's code) and answered on the topic's {@code
 * /accepted} or {@code /rejected} through {@value DeviceMessages#OUTBOUND_TOPIC}. The answer, the change and the
 * message's id commit in one transaction (the answer through the outbox), so a message Kafka delivers twice is applied
 * and answered once.
 */
@Singleton
public class MqttJobRequests {

    static final String CHANNEL = "device-jobs";

    private static final Logger LOG = Logger.getLogger(MqttJobRequests.class);
    private static final JsonMapper JSON = new JsonMapper();

    /** {@code $aws/things/<thingName>/jobs/<request>}, the request one of get, start-next, <jobId>/get|update. */
    private static final Pattern JOBS_TOPIC =
            Pattern.compile("\\$aws/things/([a-zA-Z0-9:_-]+)/jobs/(get|start-next|([^/]+)/(get|update))");

    /** How long applied message ids are kept: a redelivery comes within minutes of the first delivery. */
    private static final Duration REMEMBERED = Duration.ofDays(1);

    private final DeviceJobs devices;
    private final DeviceMessageRepository messages;
    private final TransactionalOutbox outbox;
    private final Pool pool;
    private final ServiceModel model;
    private final InputValidator validator;
    private final Clock clock;

    MqttJobRequests(
            DeviceJobs devices,
            DeviceMessageRepository messages,
            TransactionalOutbox outbox,
            Pool pool,
            AwsModel model,
            Clock clock) {
        this.devices = devices;
        this.messages = messages;
        this.outbox = outbox;
        this.pool = pool;
        this.model = model.service("iot-jobs-data");
        this.validator = new InputValidator(this.model);
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return UntilApplied.apply("Answering " + records.count() + " device messages", () -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ConsumerRecord<String, byte[]> record : records) {
                chain = chain.chain(() -> apply(record));
            }
            return chain;
        });
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return messages.prune(pool, clock.instant().minus(REMEMBERED))
                .onFailure()
                .invoke(failure -> LOG.warnf("Pruning applied device messages failed: %s", failure.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** One request: answered once, whatever happens; a record that is no jobs request is not this service's. */
    private Uni<Void> apply(ConsumerRecord<String, byte[]> record) {
        String topic = header(record, Event.MQTT_TOPIC_HEADER);
        Matcher matcher = topic == null ? null : JOBS_TOPIC.matcher(topic);
        if (matcher == null || !matcher.matches()) {
            return Uni.createFrom().voidItem();
        }
        String messageId = header(record, DeviceMessages.MESSAGE_ID_HEADER);
        if (messageId == null) {
            LOG.errorf("Skipping a device message without a message id at offset %d", record.offset());
            return Uni.createFrom().voidItem();
        }
        Request request = new Request(
                matcher.group(1),
                topic,
                matcher.group(3) == null ? matcher.group(2) : matcher.group(4),
                matcher.group(3),
                messageId,
                header(record, DeviceMessages.CLIENT_ID_HEADER),
                header(record, DeviceMessages.SESSION_TOKEN_HEADER));
        ObjectNode payload;
        try {
            JsonNode parsed = record.value() == null || record.value().length == 0
                    ? JsonNodeFactory.instance.objectNode()
                    : JSON.readTree(record.value());
            if (!(parsed instanceof ObjectNode object)) {
                return answerOnce(request, rejection("InvalidJson", "The payload is not a JSON object.", null, null));
            }
            payload = object;
        } catch (IOException notJson) {
            return answerOnce(request, rejection("InvalidJson", "The payload is not valid JSON.", null, null));
        }
        String clientToken = payload.path("clientToken").isTextual()
                ? payload.path("clientToken").asText()
                : null;
        Instant now = clock.instant();
        return DeviceRequestFailures.answeredOrRejected(
                "Answering " + topic + " (message " + messageId + ")",
                answerOnceAccepted(request, payload, clientToken, now),
                failure -> answerOnce(
                        request, rejection("InternalError", "An internal error occurred.", clientToken, null)));
    }

    /** The request applied and answered {@code /accepted}, or {@code /rejected} with its AWS error. */
    private Uni<Void> answerOnceAccepted(Request request, ObjectNode payload, String clientToken, Instant now) {
        return outbox.<Void>commit(transaction -> messages.firstTime(transaction, request.messageId(), now)
                        .chain(fresh -> {
                            if (!fresh) {
                                return Uni.createFrom().item(Outcome.<Void>of(null));
                            }
                            return answer(transaction, request, payload).map(answered -> {
                                ObjectNode accepted = answered.result();
                                accepted.put("timestamp", now.getEpochSecond());
                                if (clientToken != null) {
                                    accepted.put("clientToken", clientToken);
                                }
                                List<Event> events = new ArrayList<>(answered.events());
                                events.add(reply(request, "accepted", accepted));
                                return new Outcome<Void>(null, events);
                            });
                        }))
                .onFailure(AwsServiceException.class)
                .recoverWithUni(failure -> answerOnce(request, rejected((AwsServiceException) failure, clientToken)));
    }

    /** The request applied in the transaction: {@link DeviceJobs}' answer with the job document as a JSON object. */
    private Uni<Outcome<ObjectNode>> answer(SqlConnection transaction, Request request, ObjectNode payload) {
        ObjectNode input = payload.deepCopy();
        input.remove("clientToken");
        input.put("thingName", request.thingName());
        return switch (request.action()) {
            case "start-next" -> {
                validated("StartNextPendingJobExecution", input);
                yield devices.startNext(
                                transaction,
                                request.thingName(),
                                StatusDetails.of(input.path("statusDetails")),
                                input.hasNonNull("stepTimeoutInMinutes")
                                        ? input.get("stepTimeoutInMinutes").longValue()
                                        : null)
                        .map(outcome -> new Outcome<>(documentAsObject(outcome.result()), outcome.events()));
            }
            case "update" -> {
                ObjectNode typed = validated("UpdateJobExecution", input.put("jobId", request.jobId()));
                yield devices.update(
                                transaction,
                                new ExecutionUpdate(
                                        request.thingName(),
                                        request.jobId(),
                                        ExecutionStatus.valueOf(
                                                typed.path("status").asText()),
                                        StatusDetails.of(typed.path("statusDetails")),
                                        typed.hasNonNull("expectedVersion")
                                                ? typed.get("expectedVersion").longValue()
                                                : null,
                                        typed.hasNonNull("executionNumber")
                                                ? typed.get("executionNumber").longValue()
                                                : null,
                                        typed.path("includeJobExecutionState").asBoolean(false),
                                        typed.path("includeJobDocument").asBoolean(false),
                                        typed.hasNonNull("stepTimeoutInMinutes")
                                                ? typed.get("stepTimeoutInMinutes")
                                                        .longValue()
                                                : null))
                        .map(outcome -> new Outcome<>(documentAsObject(outcome.result()), outcome.events()));
            }
            case "get" -> {
                if (request.jobId() == null) {
                    validated("GetPendingJobExecutions", input);
                    yield devices.pending(transaction, request.thingName()).map(MqttJobRequests::accepted);
                }
                ObjectNode typed = validated("DescribeJobExecution", input.put("jobId", request.jobId()));
                yield devices.describe(
                                transaction,
                                request.thingName(),
                                request.jobId(),
                                typed.hasNonNull("executionNumber")
                                        ? typed.get("executionNumber").longValue()
                                        : null,
                                typed.path("includeJobDocument").asBoolean(true))
                        .map(MqttJobRequests::accepted);
            }
            default -> throw new IllegalStateException("Not a jobs request: " + request.topic());
        };
    }

    private static Outcome<ObjectNode> accepted(ObjectNode output) {
        return Outcome.of(documentAsObject(output));
    }

    private ObjectNode validated(String operation, ObjectNode input) {
        return validator.validate(model.operation(operation), input);
    }

    /** The job document is a JSON object over MQTT and a string over HTTP (docs/aws-behaviour.md §5.3). */
    private static ObjectNode documentAsObject(ObjectNode output) {
        parseDocument(output);
        if (output.path("execution") instanceof ObjectNode execution) {
            parseDocument(execution);
        }
        return output;
    }

    private static void parseDocument(ObjectNode holder) {
        if (holder.path("jobDocument").isTextual()) {
            try {
                holder.set(
                        "jobDocument", JSON.readTree(holder.get("jobDocument").asText()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A stored job document is not JSON", e);
            }
        }
    }

    /** The rejection of a request AWS's MQTT API words it (docs/aws-behaviour.md §5.17). */
    private ObjectNode rejected(AwsServiceException failure, String clientToken) {
        if (failure instanceof ExecutionStateRejection state) {
            return rejection(state.mqttCode(), failure.getMessage(), clientToken, DeviceJson.state(state.execution()));
        }
        String code =
                switch (failure.code().name()) {
                    case "ResourceNotFoundException" -> "ResourceNotFound";
                    case "InvalidStateTransitionException" -> "InvalidStateTransition";
                    case "TerminalStateException" -> "TerminalStateReached";
                    case "ThrottlingException" -> "RequestThrottled";
                    case "InvalidRequestException", "ValidationException", "SerializationException" -> "InvalidRequest";
                    default -> "InternalError";
                };
        return rejection(code, failure.getMessage(), clientToken, null);
    }

    private ObjectNode rejection(String code, String message, String clientToken, ObjectNode executionState) {
        ObjectNode rejection =
                JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
        if (clientToken != null) {
            rejection.put("clientToken", clientToken);
        }
        rejection.put("timestamp", clock.instant().getEpochSecond());
        if (executionState != null) {
            rejection.set("executionState", executionState);
        }
        return rejection;
    }

    /** A rejection, published once with the message's id (its change, if any, rolled back). */
    private Uni<Void> answerOnce(Request request, ObjectNode rejection) {
        return outbox.commit(transaction -> messages.firstTime(transaction, request.messageId(), clock.instant())
                .map(fresh -> fresh
                        ? Outcome.<Void>of(null, reply(request, "rejected", rejection))
                        : Outcome.<Void>of(null)));
    }

    /**
     * The answer, for the connection that asked alone: AWS's jobs answers reach the requester, subscribed or not, and
     * do not pass through the broker's routing (docs/aws-behaviour.md §5.3). Keyed by the thing, so that a thing's
     * answers keep their order. A request without the connection's headers is answered to the topic's subscribers.
     */
    private static Event reply(Request request, String outcome, ObjectNode payload) {
        Map<String, String> connection = request.clientId() == null || request.sessionToken() == null
                ? Map.of()
                : Map.of(
                        DeviceMessages.CLIENT_ID_HEADER,
                        request.clientId(),
                        DeviceMessages.SESSION_TOKEN_HEADER,
                        request.sessionToken());
        return new Event(
                DeviceMessages.OUTBOUND_TOPIC,
                request.thingName(),
                request.topic() + "/" + outcome,
                UUID.randomUUID().toString(),
                0,
                payload,
                connection);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * @param action {@code get}, {@code start-next} or {@code update}
     * @param jobId {@code null} for {@code jobs/get} and {@code jobs/start-next}
     */
    /**
     * @param clientId and {@code sessionToken}: the connection that published the request ({@link
     *     DeviceMessages#SESSION_TOKEN_HEADER}), or {@code null}
     */
    private record Request(
            String thingName,
            String topic,
            String action,
            String jobId,
            String messageId,
            String clientId,
            String sessionToken) {}
}
