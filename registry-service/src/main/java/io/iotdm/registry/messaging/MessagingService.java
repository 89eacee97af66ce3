package io.iotdm.registry.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.MqttMessages;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * iot-data's message operations: Publish hands a message to the device gateway through the outbox, and keeps the
 * retained message of a topic as MQTT does.
 */
@ApplicationScoped
public class MessagingService {

    /** AWS IoT Core's broker limits (the device SDKs' AwsIotCoreDefaults validation): 256 bytes, 7 slashes. */
    static final int MAX_TOPIC_BYTES = 256;

    static final int MAX_TOPIC_SLASHES = 7;

    /** AWS IoT Core's message size limit (128 KB): a larger Publish payload is refused, not handed on. */
    static final int MAX_PAYLOAD_BYTES = 128 * 1024;

    static final int MAX_MATCHED_RETAINED = 1000;

    private static final String LIST = "ListRetainedMessages";
    private static final JsonMapper JSON = new JsonMapper();

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final RetainedMessageRepository retained;
    private final AwsErrors errors;
    private final PaginationTokens tokens;
    private final Clock clock;

    MessagingService(
            Pool pool,
            TransactionalOutbox outbox,
            RetainedMessageRepository retained,
            AwsErrors errors,
            PaginationTokens tokens,
            Clock clock) {
        this.pool = pool;
        this.outbox = outbox;
        this.retained = retained;
        this.errors = errors;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * Commits the message to {@value MqttMessages#TOPIC}, which every device-gateway instance delivers to its
     * subscribers (docs/aws-behaviour.md §9.7); with RETAIN it also becomes the topic's retained message in
     * the same transaction, and with RETAIN and an empty payload it deletes the topic's retained message (the
     * Publish API's documented semantics, MQTT's as well).
     */
    public Uni<Void> publish(MqttMessage message) {
        checkTopic(message.topic());
        if (message.payload().length > MAX_PAYLOAD_BYTES) {
            // iot-data declares the error though Publish does not list it; AWS's text, as its shadow updates say it
            throw errors.iotData("RequestEntityTooLargeException", "The payload exceeds the maximum size allowed");
        }
        if (message.responseTopic() != null) {
            checkNoWildcards(message.responseTopic(), "responseTopic");
        }
        ArrayNode userProperties = userProperties(message.userProperties());
        checkBase64(message.correlationData());
        Instant now = clock.instant();
        return outbox.commit(transaction -> retain(transaction, message, userProperties, now)
                .replaceWith(
                        Outcome.<Void>of(null, envelope(message, userProperties).event(Timestamps.epochMillis(now)))));
    }

    /** The message as it travels to the device gateways; its version orders a topic's messages. */
    private static MqttMessages.Message envelope(MqttMessage message, ArrayNode userProperties) {
        return new MqttMessages.Message(
                message.topic(),
                message.payload(),
                message.qos(),
                message.retain(),
                userProperties,
                message.contentType(),
                message.responseTopic(),
                message.messageExpiry(),
                message.correlationData(),
                message.payloadFormatIndicator());
    }

    public Uni<RetainedMessage> retainedMessage(String topic) {
        return retained.find(pool, topic).map(found -> {
            if (found == null) {
                throw errors.iotData("ResourceNotFoundException", "No retained message for topic " + topic);
            }
            return found;
        });
    }

    /**
     * The retained messages a new subscription to {@code topicFilter} receives (docs/aws-behaviour.md §9.7), at most
     * {@value #MAX_MATCHED_RETAINED}: the bound of what one SUBSCRIBE may cost the database and the gateway.
     *
     * @throws IllegalArgumentException when {@code topicFilter} is no valid MQTT topic filter
     */
    public Uni<List<RetainedMessage>> retainedMessagesMatching(String topicFilter) {
        String regex = TopicFilter.regex(topicFilter)
                .orElseThrow(() -> new IllegalArgumentException("Not an MQTT topic filter: " + topicFilter));
        return retained.matching(pool, regex, MAX_MATCHED_RETAINED);
    }

    /** One page of ListRetainedMessages, in topic order. */
    public Uni<Page<RetainedMessageSummary>> retainedMessages(String nextToken, int maxResults) {
        String after = nextToken == null ? null : tokens.cursor(LIST, Map.of(), nextToken);
        return retained.list(pool, after, maxResults + 1)
                .map(found -> Page.of(found, maxResults, last -> tokens.issue(LIST, Map.of(), last.topic())));
    }

    private Uni<Void> retain(SqlClient transaction, MqttMessage message, ArrayNode userProperties, Instant now) {
        if (!message.retain()) {
            return Uni.createFrom().voidItem();
        }
        if (message.payload().length == 0) {
            return retained.delete(transaction, message.topic(), now);
        }
        return retained.put(
                transaction,
                new RetainedMessage(
                        message.topic(),
                        message.payload(),
                        message.qos(),
                        userProperties == null ? null : userProperties.toString(),
                        now));
    }

    /**
     * Topics starting with {@code $} are reserved for AWS IoT ({@code $aws/...}): clients may publish only on the
     * ones the device services serve, which iotdm's device gateway answers over MQTT, not through this API. AWS denies
     * such a publish as unauthorized, which iot-data renders as ForbiddenException (403, declared in the model though
     * not listed for Publish); a client SDK surfaces it as a service error either way.
     */
    private void checkTopic(String topic) {
        if (topic.startsWith("$")) {
            throw errors.iotData("ForbiddenException", "Topic " + topic + " is reserved");
        }
        checkNoWildcards(topic, "topic");
        if (topic.getBytes(StandardCharsets.UTF_8).length > MAX_TOPIC_BYTES) {
            throw invalid("The topic must be at most " + MAX_TOPIC_BYTES + " bytes of UTF-8");
        }
        if (topic.chars().filter(c -> c == '/').count() > MAX_TOPIC_SLASHES) {
            throw invalid("The topic must have at most " + MAX_TOPIC_SLASHES + " forward slashes");
        }
    }

    /** MQTT: a topic name, unlike a topic filter, must not contain wildcards. */
    private void checkNoWildcards(String topic, String member) {
        if (topic.contains("+") || topic.contains("#")) {
            throw invalid("The " + member + " must not contain the wildcard characters + or #");
        }
    }

    /**
     * The header is base64 of a JSON array of objects, for example {@code [{"deviceName": "alpha"}]}: MQTT 5 user
     * properties are pairs of strings.
     */
    private ArrayNode userProperties(String header) {
        if (header == null) {
            return null;
        }
        try {
            JsonNode parsed = JSON.readTree(Base64.getDecoder().decode(header));
            if (parsed instanceof ArrayNode array && stringPairs(array)) {
                return array;
            }
        } catch (IllegalArgumentException | IOException unreadable) {
            // answered below
        }
        throw invalid("userProperties must be a base64-encoded JSON array of objects with string values");
    }

    private static boolean stringPairs(ArrayNode array) {
        for (JsonNode element : array) {
            if (!element.isObject() || !element.valueStream().allMatch(JsonNode::isTextual)) {
                return false;
            }
        }
        return true;
    }

    private void checkBase64(String correlationData) {
        if (correlationData == null) {
            return;
        }
        try {
            Base64.getDecoder().decode(correlationData);
        } catch (IllegalArgumentException notBase64) {
            throw invalid("correlationData must be base64-encoded binary data");
        }
    }

    private RuntimeException invalid(String message) {
        return errors.iotData("InvalidRequestException", message);
    }
}
