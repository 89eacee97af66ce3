package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A device's publish on a topic that a service answers (docs/aws-behaviour.md §9.6) is forwarded to {@value
 * DeviceMessages#INBOUND_TOPIC}, as platform/events {@link DeviceMessages} describes it: the shadow requests (§4), the
 * jobs requests (§5.3) and the fleet-provisioning requests (§6.6). They are the only reserved ({@code $aws/}) topics a
 * device may publish on (§9.3): the answers and notifications there are the services' alone, so that no device forges
 * them for another. A request is the service's alone as well: the broker delivers it to no subscriber (§9.6).
 */
@ApplicationScoped
class DeviceRequests {

    /** The request topics; {@code thing} is the record's key when it matched. */
    private static final Pattern REQUEST = Pattern.compile("\\$aws/things/(?<thing>[^/]+)/(?:"
            + "shadow(?:/name/[^/]+)?/(?:get|update|delete)"
            + "|jobs/(?:get|start-next|[^/]+/get|[^/]+/update))"
            + "|\\$aws/certificates/create(?:-from-csr)?/(?:json|cbor)"
            + "|\\$aws/provisioning-templates/[^/]+/provision/(?:json|cbor)");

    private static final String RESERVED = "$aws/";

    private final KafkaRecords kafka;

    DeviceRequests(KafkaRecords kafka) {
        this.kafka = kafka;
    }

    /** The record key of a publish on {@code topic} by {@code clientId}, or nothing when the topic is no request. */
    static Optional<String> key(String topic, String clientId) {
        if (!topic.startsWith(RESERVED)) {
            return Optional.empty();
        }
        Matcher request = REQUEST.matcher(topic);
        if (!request.matches()) {
            return Optional.empty();
        }
        String thing = request.group("thing");
        return Optional.of(thing != null ? thing : clientId);
    }

    /** Whether {@code topic} is a request topic, which the broker delivers to no subscriber. */
    static boolean isRequest(String topic) {
        return topic.startsWith(RESERVED) && REQUEST.matcher(topic).matches();
    }

    /**
     * Whether a device may publish on {@code topic} at all, before its policies are asked: on a reserved topic only
     * when it is a request.
     */
    static boolean mayPublish(String topic) {
        return !topic.startsWith(RESERVED) || isRequest(topic);
    }

    /**
     * Writes the publish to the inbound topic under {@code key}.
     *
     * @return completes once Kafka has acknowledged the record
     */
    CompletableFuture<Void> forward(PublishAuthorizerInput input, String key) {
        PublishPacket publish = input.getPublishPacket();
        String clientId = input.getClientInformation().getClientId();
        RecordHeaders headers = new RecordHeaders();
        TopicMessages.header(headers, Event.MQTT_TOPIC_HEADER, publish.getTopic());
        TopicMessages.header(headers, DeviceMessages.CLIENT_ID_HEADER, clientId);
        ConnectionAttributeStore attributes = input.getConnectionInformation().getConnectionAttributeStore();
        attributes
                .getAsString(LiveSessions.CERTIFICATE_ID)
                .ifPresent(certificateId ->
                        TopicMessages.header(headers, DeviceMessages.CERTIFICATE_ID_HEADER, certificateId));
        // an answer for this connection alone names it by its token (docs/aws-behaviour.md §9.6)
        attributes
                .getAsString(LiveSessions.TOKEN)
                .ifPresent(token -> TopicMessages.header(headers, DeviceMessages.SESSION_TOKEN_HEADER, token));
        TopicMessages.header(
                headers, DeviceMessages.MESSAGE_ID_HEADER, UUID.randomUUID().toString());
        TopicMessages.header(headers, DeviceMessages.RECEIVED_AT_HEADER, Long.toString(System.currentTimeMillis()));
        return kafka.send(DeviceMessages.INBOUND_TOPIC, key, headers, TopicMessages.bytes(publish.getPayload()));
    }
}
