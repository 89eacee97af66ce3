package io.iotdm.devicegateway.broker;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.Event;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * AWS's lifecycle events (docs/aws-behaviour.md §3, §9.5) on {@code aws.events.presence}, key = client id, with the MQTT
 * topic {@code $aws/events/presence/connected|disconnected/<clientId>} in the {@code mqtt-topic} header. Produced
 * directly, not through an outbox: the gateway has no database, and a presence event records a fact of the live
 * connection, which no transaction of the gateway's changes (docs/architecture.md, "Presence without an outbox").
 * A client id with {@code #} or {@code +} gets none, as at AWS.
 */
@ApplicationScoped
class PresenceEvents {

    static final String TOPIC = "aws.events.presence";

    private static final Logger LOG = Logger.getLogger(PresenceEvents.class);
    private static final JsonMapper JSON = new JsonMapper();

    private final KafkaRecords kafka;

    PresenceEvents(KafkaRecords kafka) {
        this.kafka = kafka;
    }

    void connected(LiveSessions.Session session, String ipAddress) {
        ObjectNode payload = payload(
                session.clientId(), session.token(), session.certificateId(), session.versionNumber(), "connected");
        if (ipAddress != null) {
            payload.put("ipAddress", ipAddress);
        }
        send(session.clientId(), "connected", payload);
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
        send(session.clientId(), "disconnected", payload);
    }

    private static ObjectNode payload(
            String clientId, String token, String certificateId, long versionNumber, String eventType) {
        return JSON.createObjectNode()
                .put("clientId", clientId)
                .put("timestamp", Instant.now().toEpochMilli())
                .put("eventType", eventType)
                .put("sessionIdentifier", token)
                .put("principalIdentifier", certificateId)
                .put("versionNumber", versionNumber);
    }

    private void send(String clientId, String eventType, ObjectNode payload) {
        if (clientId.contains("#") || clientId.contains("+")) {
            return;
        }
        String mqttTopic = "$aws/events/presence/" + eventType + "/" + clientId;
        RecordHeaders headers = new RecordHeaders();
        headers.add(Event.MQTT_TOPIC_HEADER, mqttTopic.getBytes(StandardCharsets.UTF_8));
        // presence is lost when Kafka is away for longer than the producer buffers; the connection is not
        kafka.send(TOPIC, clientId, headers, payload.toString().getBytes(StandardCharsets.UTF_8))
                .whenComplete((sent, failure) -> {
                    if (failure != null) {
                        LOG.warnf("The presence event %s was not published: %s", mqttTopic, failure.toString());
                    }
                });
    }
}
