package io.iotdm.devicegateway.events;

import java.util.Map;
import java.util.Optional;

/**
 * Which switch of UpdateEventConfigurations governs an event message, by the family its MQTT topic names ({@code
 * $aws/events/<family>/...}, docs/aws-behaviour.md §3).
 */
final class EventFamilies {

    static final String PREFIX = "$aws/events/";

    /** The event type that switches a family on and off; lifecycle and JITR events have none (always on). */
    private static final Map<String, Optional<String>> FAMILIES = Map.ofEntries(
            Map.entry("thing", Optional.of("THING")),
            Map.entry("thingType", Optional.of("THING_TYPE")),
            Map.entry("thingTypeAssociation", Optional.of("THING_TYPE_ASSOCIATION")),
            Map.entry("thingGroup", Optional.of("THING_GROUP")),
            Map.entry("thingGroupMembership", Optional.of("THING_GROUP_MEMBERSHIP")),
            Map.entry("thingGroupHierarchy", Optional.of("THING_GROUP_HIERARCHY")),
            Map.entry("job", Optional.of("JOB")),
            Map.entry("jobExecution", Optional.of("JOB_EXECUTION")),
            Map.entry("presence", Optional.empty()),
            Map.entry("subscriptions", Optional.empty()),
            Map.entry("certificates", Optional.empty()));

    private EventFamilies() {}

    /**
     * @return the family of an event message's topic, or {@code null} for a topic that is no event message iotdm
     *     knows (such a record is not republished)
     */
    static String family(String mqttTopic) {
        if (!mqttTopic.startsWith(PREFIX)) {
            return null;
        }
        int end = mqttTopic.indexOf('/', PREFIX.length());
        if (end < 0) {
            return null;
        }
        String family = mqttTopic.substring(PREFIX.length(), end);
        return FAMILIES.containsKey(family) ? family : null;
    }

    /** The event type that must be enabled for the family, or empty when it is always on. */
    static Optional<String> eventType(String family) {
        return FAMILIES.get(family);
    }
}
