package io.iotdm.registry.messaging;

/**
 * A message published through iot-data's Publish, its members as the request carried them.
 *
 * @param payload empty for an empty (null) payload
 * @param userProperties the {@code x-amz-mqtt5-user-properties} header: base64 of a JSON array of objects, or
 *     {@code null}
 * @param correlationData base64 binary data, or {@code null}
 * @param messageExpiry seconds, or {@code null} when the message does not expire
 */
public record MqttMessage(
        String topic,
        byte[] payload,
        int qos,
        boolean retain,
        String userProperties,
        String payloadFormatIndicator,
        String contentType,
        String responseTopic,
        String correlationData,
        Long messageExpiry) {}
