package io.iotdm.devicegateway.broker;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.Event;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * AWS's lifecycle events (docs/aws-behaviour.md §3, §9.5): the presence events on {@value #PRESENCE_TOPIC} and the
 * subscription events on {@value #SUBSCRIPTIONS_TOPIC}, key = client id, with the MQTT topic {@code
 * $aws/events/presence/connected|disconnected/<clientId>} or {@code $aws/events/subscriptions/subscribed|unsubscribed/
 * <clientId>} in the {@code mqtt-topic} header. Produced directly, not through an outbox: the gateway has no database,
 * and a lifecycle event records a fact of the live connection, which no transaction of the gateway's changes
 * (docs/architecture.md, "Presence without an outbox"). A client id with {@code #} or {@code +} gets none, as at AWS.
 */
@ApplicationScoped
class LifecycleEvents {

    static final String PRESENCE_TOPIC = "aws.events.presence";
    static final String SUBSCRIPTIONS_TOPIC = "aws.events.subscriptions";

    private static final Logger LOG = Logger.getLogger(LifecycleEvents.class);
    private static final JsonMapper JSON = new JsonMapper();

    private final KafkaRecords kafka;

    LifecycleEvents(KafkaRecords kafka) {
        this.kafka = kafka;
    }

    void connected(LiveSessions.Session session, String ipAddress) {
        ObjectNode payload = payload(
                session.clientId(), session.token(), session.certificateId(), session.versionNumber(), "connected");
        if (ipAddress != null) {
            payload.put("ipAddress", ipAddress);
        }
        send(PRESENCE_TOPIC, "presence", session.clientId(), "connected", payload);
    }

    /**
     * @param disconnectReason AWS's reason: CLIENT_INITIATED_DISCONNECT, SERVER_INITIATED_DISCONNECT, CONNECTION_LOST,
     *     DUPLICATE_CLIENTID, ...
     */
    void disconnected(SessionClaims.Claim session, boolean clientInitiated, String disconnectReason) {
        ObjectNode payload = payload(
                        session.clientId(),
                        session.token(),
                        session.certificateId(),
                        session.versionNumber(),
                        "disconnected")
                .put("clientInitiatedDisconnect", clientInitiated)
                .put("disconnectReason", disconnectReason);
        send(PRESENCE_TOPIC, "presence", session.clientId(), "disconnected", payload);
    }

    /**
     * AWS's subscription event: {@code subscribed} with the filters a SUBACK granted, {@code unsubscribed} with an
     * UNSUBSCRIBE's, as the client sent them, in {@code topics}.
     *
     * @param token the session's identifier, {@code certificateId} its principal
     */
    void subscriptions(String clientId, String token, String certificateId, String eventType, List<String> filters) {
        ObjectNode payload = payload(clientId, token, certificateId, eventType);
        ArrayNode topics = payload.putArray("topics");
        filters.forEach(topics::add);
        send(SUBSCRIPTIONS_TOPIC, "subscriptions", clientId, eventType, payload);
    }

    private static ObjectNode payload(
            String clientId, String token, String certificateId, long versionNumber, String eventType) {
        return payload(clientId, token, certificateId, eventType).put("versionNumber", versionNumber);
    }

    private static ObjectNode payload(String clientId, String token, String certificateId, String eventType) {
        return JSON.createObjectNode()
                .put("clientId", clientId)
                .put("timestamp", Instant.now().toEpochMilli())
                .put("eventType", eventType)
                .put("sessionIdentifier", token)
                .put("principalIdentifier", certificateId);
    }

    /** @param family the MQTT topic's family: {@code $aws/events/<family>/<eventType>/<clientId>} */
    private void send(String kafkaTopic, String family, String clientId, String eventType, ObjectNode payload) {
        if (clientId.contains("#") || clientId.contains("+")) {
            return;
        }
        String mqttTopic = "$aws/events/" + family + "/" + eventType + "/" + clientId;
        RecordHeaders headers = new RecordHeaders();
        headers.add(Event.MQTT_TOPIC_HEADER, mqttTopic.getBytes(StandardCharsets.UTF_8));
        // the event is lost when Kafka is away for longer than the producer buffers; the connection is not
        kafka.send(kafkaTopic, clientId, headers, payload.toString().getBytes(StandardCharsets.UTF_8))
                .whenComplete((sent, failure) -> {
                    if (failure != null) {
                        LOG.warnf("The lifecycle event %s was not published: %s", mqttTopic, failure.toString());
                    }
                });
    }
}
