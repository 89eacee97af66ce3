package io.iotdm.registry.thing;

import java.time.Instant;
import java.util.Map;

/**
 * A thing of the registry.
 *
 * @param thingTypeName {@code null} when the thing has no type
 * @param version AWS's version: 1 at creation, +1 per update
 * @param revision grows with every write and never restarts, even across deletion and re-creation; events carry it
 * @param lastModified when the last write happened, in milliseconds: the timestamp of its events
 */
public record Thing(
        String name,
        String id,
        String thingTypeName,
        Map<String, String> attributes,
        long version,
        long revision,
        Instant lastModified,
        String billingGroupName) {

    public Thing {
        attributes = Map.copyOf(attributes);
    }

    /** Whether a create with this configuration repeats the creation of this thing (AWS then answers 200). */
    boolean sameConfiguration(String otherType, Map<String, String> otherAttributes, String otherBillingGroup) {
        return java.util.Objects.equals(thingTypeName, otherType)
                && attributes.equals(otherAttributes)
                && java.util.Objects.equals(billingGroupName, otherBillingGroup);
    }
}
