package io.iotdm.provisioning.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.iotdm.service.auth.SealedDeviceMessages;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One fleet-provisioning publish the device gateway forwarded (docs/architecture.md §2a, {@code
 * iotdm.device.inbound}), and its answers: on the request's topic plus {@code /accepted} or {@code /rejected}, to the
 * requesting connection alone (docs/aws-behaviour.md §6.10): the one with the client id and the session token of the
 * record. A record Kafka delivers again carries the same token, so a stored answer sent again goes to the connection
 * that asked too, and to nobody if that connection has ended.
 *
 * @param templateName the template of a {@link Kind#PROVISION} request, else {@code null}
 * @param sessionToken the device gateway's token of the requesting connection, or {@code null} when the record has none
 * @param certificateId the certificate the requesting connection authenticated with, or {@code null}
 */
record DeviceRequest(
        Kind kind,
        Format format,
        String templateName,
        String mqttTopic,
        String clientId,
        String sessionToken,
        String certificateId,
        String messageId,
        byte[] payload) {

    /** The three operations of the MQTT fleet-provisioning API. */
    enum Kind {
        CREATE_KEYS_AND_CERTIFICATE,
        CREATE_CERTIFICATE_FROM_CSR,
        REGISTER_THING
    }

    /** The topic's payload format: the answer is written in the request's. */
    enum Format {
        JSON,
        CBOR
    }

    private static final String CERTIFICATES = "$aws/certificates/";
    private static final String TEMPLATES = "$aws/provisioning-templates/";
    private static final String PROVISION = "/provision/";

    /**
     * The fleet-provisioning request of a record, or empty for every other topic of {@code iotdm.device.inbound} (the
     * registry's and jobs-service's), read from the topic header alone.
     */
    static Optional<DeviceRequest> of(ConsumerRecord<String, byte[]> record) {
        String topic = header(record, Event.MQTT_TOPIC_HEADER);
        if (topic == null) {
            return Optional.empty();
        }
        Kind kind;
        String templateName = null;
        String rest;
        if (topic.startsWith(CERTIFICATES + "create/")) {
            kind = Kind.CREATE_KEYS_AND_CERTIFICATE;
            rest = topic.substring((CERTIFICATES + "create/").length());
        } else if (topic.startsWith(CERTIFICATES + "create-from-csr/")) {
            kind = Kind.CREATE_CERTIFICATE_FROM_CSR;
            rest = topic.substring((CERTIFICATES + "create-from-csr/").length());
        } else if (topic.startsWith(TEMPLATES) && topic.indexOf(PROVISION, TEMPLATES.length()) > TEMPLATES.length()) {
            kind = Kind.REGISTER_THING;
            int provision = topic.indexOf(PROVISION, TEMPLATES.length());
            templateName = topic.substring(TEMPLATES.length(), provision);
            rest = topic.substring(provision + PROVISION.length());
        } else {
            return Optional.empty();
        }
        Format format;
        switch (rest) {
            case "json" -> format = Format.JSON;
            case "cbor" -> format = Format.CBOR;
            default -> {
                return Optional.empty(); // an answer topic, or a topic of no operation
            }
        }
        return Optional.of(new DeviceRequest(
                kind,
                format,
                templateName,
                topic,
                header(record, DeviceMessages.CLIENT_ID_HEADER),
                header(record, DeviceMessages.SESSION_TOKEN_HEADER),
                header(record, DeviceMessages.CERTIFICATE_ID_HEADER),
                header(record, DeviceMessages.MESSAGE_ID_HEADER),
                record.value() == null ? new byte[0] : record.value()));
    }

    Event accepted(ObjectNode answer) {
        return DeviceMessages.toConnection(clientId, sessionToken, mqttTopic + "/accepted", answer);
    }

    /**
     * The {@code /accepted} answer sealed for the requesting connection: the answers of {@code $aws/certificates/...}
     * carry a private key or an ownership token, which no outbox row or Kafka record holds in clear
     * (docs/aws-behaviour.md §6.10); the device gateway opens it just before it publishes it.
     */
    Event sealedAccepted(ObjectNode answer, SealedDeviceMessages seal) {
        String topic = mqttTopic + "/accepted";
        return DeviceMessages.sealedToConnection(
                clientId,
                sessionToken,
                topic,
                seal.seal(answer.toString(), topic, clientId, sessionToken),
                SealedDeviceMessages.ALGORITHM);
    }

    Event rejected(DeviceRejection rejection) {
        return DeviceMessages.toConnection(clientId, sessionToken, mqttTopic + "/rejected", rejection.payload());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
