package io.iotdm.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * One event as it travels on Kafka: the topic that mirrors its {@code $aws/events} MQTT family, the
 * record key (the resource named first, so that one resource's events keep their order), the full
 * MQTT topic, and the exact AWS payload. {@code resourceVersion} lets consumers drop what they have
 * already applied; {@code eventId} stays the same when a relay publishes the event twice.
 */
public record Event(
        String kafkaTopic,
        String key,
        String mqttTopic,
        String eventId,
        long resourceVersion,
        ObjectNode payload,
        Map<String, String> extraHeaders) {

    /** Record header: the full MQTT topic, for the device gateway's republishing. */
    public static final String MQTT_TOPIC_HEADER = "mqtt-topic";

    /** Record header: the version of the resource after the change. */
    public static final String RESOURCE_VERSION_HEADER = "resource-version";

    /** Record header: the event id, the same on every copy of one event. */
    public static final String EVENT_ID_HEADER = "event-id";

    /**
     * @param extraHeaders headers that only some topics' records carry (the device bridge's {@link
     *     DeviceMessages#CLIENT_ID_HEADER}), besides the three every event has
     */
    public Event {
        extraHeaders = Map.copyOf(extraHeaders);
    }

    /** An event with the headers every event has and no other. */
    public Event(
            String kafkaTopic, String key, String mqttTopic, String eventId, long resourceVersion, ObjectNode payload) {
        this(kafkaTopic, key, mqttTopic, eventId, resourceVersion, payload, Map.of());
    }

    /** The record headers, besides the trace context that the producer adds. */
    public Map<String, String> headers() {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put(MQTT_TOPIC_HEADER, mqttTopic);
        headers.put(RESOURCE_VERSION_HEADER, Long.toString(resourceVersion));
        headers.put(EVENT_ID_HEADER, eventId);
        return Map.copyOf(headers);
    }
}
