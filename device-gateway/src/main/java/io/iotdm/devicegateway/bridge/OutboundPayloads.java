package io.iotdm.devicegateway.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.events.DeviceMessages;
import io.iotdm.service.auth.SealedDeviceMessages;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The payload an outbound record gives its device: the record's value, or, for a record with the {@value
 * DeviceMessages#SEALED_HEADER} header, the message it seals, opened here just before it is published to its one
 * connection (the answer of {@code $aws/certificates/create} carries a private key: docs/aws-behaviour.md §6.10 and
 * §9.6). A sealed record that does not open is refused (the caller logs it and goes on): it is not published sealed.
 */
@Singleton
class OutboundPayloads {

    private static final JsonMapper JSON = new JsonMapper();

    private final SealedDeviceMessages seal;

    OutboundPayloads(SealedDeviceMessages seal) {
        this.seal = seal;
    }

    /**
     * @param clientId and {@code token}: the connection the record names, to which a sealed message is bound
     * @return the payload, or a failure (IllegalArgumentException) for a sealed record that is not sealed for this
     *     deployment, topic and connection
     */
    CompletableFuture<byte[]> of(ConsumerRecord<String, byte[]> record, String topic, String clientId, String token) {
        try {
            return CompletableFuture.completedFuture(payload(record, topic, clientId, token));
        } catch (IllegalArgumentException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private byte[] payload(ConsumerRecord<String, byte[]> record, String topic, String clientId, String token) {
        Header sealed = record.headers().lastHeader(DeviceMessages.SEALED_HEADER);
        if (sealed == null) {
            return record.value() == null ? new byte[0] : record.value();
        }
        String algorithm = new String(sealed.value(), StandardCharsets.UTF_8);
        if (!SealedDeviceMessages.ALGORITHM.equals(algorithm)) {
            throw new IllegalArgumentException(
                    "A message sealed with " + algorithm + ", which this gateway cannot open");
        }
        if (clientId == null || token == null) {
            throw new IllegalArgumentException("A sealed message for no connection");
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(record.value() == null ? new byte[0] : record.value());
        } catch (IOException unreadable) {
            throw new IllegalArgumentException("A sealed message whose payload is not JSON", unreadable);
        }
        if (payload == null || !payload.path(DeviceMessages.SEALED_MEMBER).isTextual()) {
            throw new IllegalArgumentException(
                    "A sealed message without its \"" + DeviceMessages.SEALED_MEMBER + "\" member");
        }
        return seal.open(payload.path(DeviceMessages.SEALED_MEMBER).asText(), topic, clientId, token);
    }
}
