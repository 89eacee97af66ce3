package io.iotdm.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * Shadow documents on {@code aws.things.shadow}, keyed by thing name: each accepted update as its
 * {@code /update/documents} message and each deletion as its {@code /delete/accepted} message, with the MQTT topic
 * that the device gateway republishes them on. The resource version is the shadow's version. The same payloads go to
 * devices on {@value DeviceMessages#OUTBOUND_TOPIC} ({@link #toDevices}), one builder for both.
 */
public final class ShadowEvents {

    public static final String SHADOW_TOPIC = "aws.things.shadow";

    private ShadowEvents() {}

    /**
     * @param shadowName {@code null} for the classic shadow
     * @param documents the {@code /update/documents} payload: {@code previous}, {@code current}, timestamp, clientToken
     */
    public static Event updated(String thingName, String shadowName, long version, ObjectNode documents) {
        return event(SHADOW_TOPIC, thingName, shadowName, "/update/documents", version, documents);
    }

    /** @param accepted the {@code /delete/accepted} payload: {@code version} and {@code timestamp} */
    public static Event deleted(String thingName, String shadowName, long version, ObjectNode accepted) {
        return event(SHADOW_TOPIC, thingName, shadowName, "/delete/accepted", version, accepted);
    }

    /**
     * A message of the Device Shadow service for the devices subscribed to it, on {@value
     * DeviceMessages#OUTBOUND_TOPIC} (every subscriber whose policies let it receive: no client-id header).
     *
     * @param suffix what follows the shadow's topic prefix: {@code /update/accepted}, {@code /get/rejected}, ...
     * @param version the shadow's version, or 0 for a rejection
     */
    public static Event toDevices(
            String thingName, String shadowName, String suffix, long version, ObjectNode payload) {
        return event(DeviceMessages.OUTBOUND_TOPIC, thingName, shadowName, suffix, version, payload);
    }

    /** {@code $aws/things/{thingName}/shadow} or {@code $aws/things/{thingName}/shadow/name/{shadowName}}. */
    public static String topicPrefix(String thingName, String shadowName) {
        String classic = "$aws/things/" + thingName + "/shadow";
        return shadowName == null ? classic : classic + "/name/" + shadowName;
    }

    private static Event event(
            String kafkaTopic, String thingName, String shadowName, String suffix, long version, ObjectNode payload) {
        return new Event(
                kafkaTopic,
                thingName,
                topicPrefix(thingName, shadowName) + suffix,
                UUID.randomUUID().toString(),
                version,
                payload);
    }
}
