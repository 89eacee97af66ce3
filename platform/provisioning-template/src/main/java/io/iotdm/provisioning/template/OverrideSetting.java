package io.iotdm.provisioning.template;

/**
 * What provisioning does with a property of a resource that exists already (docs/aws-behaviour.md §6.5). A property
 * without a setting is left as it is ({@link #DO_NOTHING}): AWS does not say [silent].
 */
public enum OverrideSetting {
    DO_NOTHING,
    REPLACE,
    /** Provisioning fails with ResourceConflictsException when the existing value differs. */
    FAIL,
    /** Only for a thing's AttributePayload and ThingGroups. */
    MERGE
}
