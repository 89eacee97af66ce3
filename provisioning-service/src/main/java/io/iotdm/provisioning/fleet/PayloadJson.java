package io.iotdm.provisioning.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A JSON request payload of the fleet-provisioning API; anything but a JSON object is the device's error. */
final class PayloadJson {

    private static final JsonMapper JSON = new JsonMapper();

    private PayloadJson() {}

    /** @throws DeviceRejection InvalidPayload (400) when the payload is not a JSON object */
    static ObjectNode object(byte[] payload) {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (JsonProcessingException unreadable) {
            throw DeviceRejection.invalidPayload("The payload is not JSON: " + unreadable.getOriginalMessage());
        } catch (IOException unreadable) {
            throw new UncheckedIOException("a byte array cannot fail to be read", unreadable);
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw DeviceRejection.invalidPayload("The payload is not a JSON object");
    }
}
