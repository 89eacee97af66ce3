package io.iotdm.group.store;

/**
 * A thing in a static group.
 *
 * @param thingId the registry's id of the thing when it joined
 * @param revision the group revision of the membership's change: its addition, or for a removed membership, its
 *     removal
 */
public record Membership(String thingName, String groupName, String thingId, String membershipId, long revision) {}
