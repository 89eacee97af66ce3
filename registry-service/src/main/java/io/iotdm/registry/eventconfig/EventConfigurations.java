package io.iotdm.registry.eventconfig;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account's event configuration: which registry and job event types are republished to MQTT.
 *
 * @param enabled whether each event type is on, by the model's {@code EventType} names
 * @param lastModifiedDate the last change, or the creation when nothing has changed yet
 */
public record EventConfigurations(Map<String, Boolean> enabled, Instant creationDate, Instant lastModifiedDate) {

    public EventConfigurations {
        enabled = Collections.unmodifiableMap(new LinkedHashMap<>(enabled)); // model order is answer order
    }

    /** Every one of these event types, off unless configured on: AWS's registry and job events are off by default. */
    EventConfigurations covering(List<String> eventTypes) {
        Map<String, Boolean> all = new LinkedHashMap<>();
        eventTypes.forEach(type -> all.put(type, enabled.getOrDefault(type, false)));
        return new EventConfigurations(all, creationDate, lastModifiedDate);
    }
}
