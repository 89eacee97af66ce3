package io.iotdm.indexing.thing;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.indexing.index.ThingIndex;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connectivity part of a thing's document, from a presence event of {@code aws.events.presence} (AWS's lifecycle
 * payload: {@code clientId, timestamp, eventType, versionNumber, thingName?, disconnectReason?, ...}).
 *
 * <p>The thing: {@code thingName} when the device gateway bound the client id to a thing, else the thing whose name is
 * the client id (AWS indexes connectivity that way). Indexed: {@code connectivity.connected},
 * {@code connectivity.timestamp} (the event's, epoch ms), and for a disconnect {@code connectivity.disconnectReason}.
 * Ordered by {@link PartVersion} with version = {@code versionNumber}, deleted = disconnected (see there why).
 */
public final class ConnectivityDocuments {

    private ConnectivityDocuments() {}

    /** @throws IllegalArgumentException when the payload lacks what the index needs */
    public static PartUpdate fromPresence(JsonNode event) {
        String eventType = event.path("eventType").asText("");
        boolean connected;
        if (eventType.equals("connected")) {
            connected = true;
        } else if (eventType.equals("disconnected")) {
            connected = false;
        } else {
            throw new IllegalArgumentException("not a presence event type: " + eventType);
        }
        String thingName = text(event, "thingName");
        if (thingName == null) {
            thingName = text(event, "clientId");
        }
        if (thingName == null) {
            throw new IllegalArgumentException("a presence event without thingName or clientId");
        }
        if (!event.path("versionNumber").canConvertToLong()) {
            throw new IllegalArgumentException("a presence event without versionNumber");
        }
        long versionNumber = event.path("versionNumber").asLong();
        long timestamp = event.path("timestamp").canConvertToLong()
                ? event.path("timestamp").asLong()
                : -1;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(ThingIndex.THING_NAME, thingName);
        fields.put(ThingIndex.CONNECTED, connected);
        if (timestamp >= 0) {
            fields.put(ThingIndex.CONNECTIVITY_TIMESTAMP, timestamp);
        }
        String reason = text(event, "disconnectReason");
        if (!connected && reason != null) {
            fields.put(ThingIndex.DISCONNECT_REASON, reason);
        }
        return new PartUpdate(
                thingName, Part.connectivity(), new PartVersion(versionNumber, timestamp, !connected), fields);
    }

    private static String text(JsonNode event, String member) {
        JsonNode value = event.get(member);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }
}
