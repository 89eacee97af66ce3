package io.iotdm.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;

/**
 * The two Kafka topics where devices and the services meet (docs/architecture.md, "The device bridge").
 *
 * <p>{@link #INBOUND_TOPIC}: what a device published on a reserved topic that a service answers ({@code
 * $aws/things/...}, {@code $aws/certificates/...}, {@code $aws/provisioning-templates/...}), written by the device
 * gateway after the publish passed the device's IoT policy. Key: the thing name for {@code $aws/things/{thingName}/...},
 * else the client id. Value: the MQTT payload bytes, unchanged. Headers: {@link Event#MQTT_TOPIC_HEADER}, {@link
 * #CLIENT_ID_HEADER}, {@link #SESSION_TOKEN_HEADER}, {@link #CERTIFICATE_ID_HEADER}, {@link #MESSAGE_ID_HEADER}, {@link
 * #RECEIVED_AT_HEADER} and the trace context. A consumer that changes state applies a message id once (Kafka may deliver a record twice).
 *
 * <p>{@link #OUTBOUND_TOPIC}: what a service sends to devices. Key: as inbound. Value: the MQTT payload bytes.
 * Headers: {@link Event#MQTT_TOPIC_HEADER}, and {@link #CLIENT_ID_HEADER} with {@link #SESSION_TOKEN_HEADER} when the
 * message is for one connection only (AWS answers fleet-provisioning requests to the requesting connection alone: the
 * answer may carry a private key);
 * without it every gateway instance publishes the message to its subscribers that their policies let receive it.
 * Every instance reads the whole topic (a consumer group of its own) and delivers to its own sessions.
 */
public final class DeviceMessages {

    public static final String INBOUND_TOPIC = "iotdm.device.inbound";
    public static final String OUTBOUND_TOPIC = "iotdm.device.outbound";

    /** Record header: the MQTT client id of the publishing (inbound) or the only receiving (outbound) connection. */
    public static final String CLIENT_ID_HEADER = "client-id";

    /**
     * Record header: the device gateway's token of one connection ({@code LiveSessions.Session#token}). Inbound: the
     * token of the connection that published. Outbound, with {@link #CLIENT_ID_HEADER}: deliver only to the connection
     * that has this token, so that an answer reaches the connection that asked and not another one that connected
     * later with the same client id (to take a private key meant for another device); a record with a client id and
     * no token is delivered to nobody (docs/aws-behaviour.md §9.6).
     */
    public static final String SESSION_TOKEN_HEADER = "session-token";

    /** Record header (inbound): the id of the X.509 certificate the connection authenticated with. */
    public static final String CERTIFICATE_ID_HEADER = "certificate-id";

    /** Record header (inbound): a UUID the gateway gives each publish it forwards, the same on every copy. */
    public static final String MESSAGE_ID_HEADER = "message-id";

    /** Record header (inbound): when the gateway received the publish, epoch milliseconds. */
    public static final String RECEIVED_AT_HEADER = "received-at";

    /**
     * Record header (outbound): the message is sealed (its value names how, {@code SealedDeviceMessages.ALGORITHM} of
     * platform/service-auth): the payload is {@code {"sealed": "<base64url>"}}, which the device gateway opens just
     * before it publishes to the connection. An answer that carries a private key is sealed so that no outbox row,
     * dead letter or Kafka record holds the key in clear (docs/aws-behaviour.md §6.10).
     */
    public static final String SEALED_HEADER = "sealed";

    /** The member of a sealed message's payload that holds it, sealed. */
    public static final String SEALED_MEMBER = "sealed";

    private DeviceMessages() {}

    /**
     * A message for the one connection of {@code clientId} that has {@code sessionToken} (keyed by the client id): the
     * device gateway instance that holds that very connection publishes it on {@code mqttTopic} to it alone. Its
     * resource version is 0: an answer is no version of a resource, and nothing orders answers by it.
     *
     * @param sessionToken the {@link #SESSION_TOKEN_HEADER} of the request this message answers
     */
    public static Event toConnection(String clientId, String sessionToken, String mqttTopic, ObjectNode payload) {
        return new Event(
                OUTBOUND_TOPIC,
                clientId,
                mqttTopic,
                UUID.randomUUID().toString(),
                0,
                payload,
                Map.of(CLIENT_ID_HEADER, clientId, SESSION_TOKEN_HEADER, sessionToken));
    }

    /**
     * As {@link #toConnection}, for a payload sealed for that connection and topic.
     *
     * @param sealed the payload, sealed
     * @param algorithm how it was sealed: the {@link #SEALED_HEADER}
     */
    public static Event sealedToConnection(
            String clientId, String sessionToken, String mqttTopic, String sealed, String algorithm) {
        return new Event(
                OUTBOUND_TOPIC,
                clientId,
                mqttTopic,
                UUID.randomUUID().toString(),
                0,
                JsonNodeFactory.instance.objectNode().put(SEALED_MEMBER, sealed),
                Map.of(CLIENT_ID_HEADER, clientId, SESSION_TOKEN_HEADER, sessionToken, SEALED_HEADER, algorithm));
    }
}
