package io.iotdm.provisioning.template;

/**
 * What provisioning does with a property of a resource that exists already (docs/aws-behaviour.md §6.5). A property
 * without a setting is left as it is ({@link #DO_NOTHING}): AWS does not say [silent].
 */
public enum OverrideSetting {
    DO_NOTHING,
    REPLACE,
    /**
     * Provisioning fails when the existing value differs. AWS's page names ResourceConflictsException, which
     * RegisterThing's model does not list (it has ConflictingResourceUpdateException): the executor answers an error
     * of the operation's model.
     */
    FAIL,
    /** Only for a thing's AttributePayload and ThingGroups. */
    MERGE
}
