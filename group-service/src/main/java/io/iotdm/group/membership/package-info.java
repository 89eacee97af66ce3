/**
 * Static memberships: AddThingToThingGroup, RemoveThingFromThingGroup, UpdateThingGroupsForThing and the listings of
 * members ({@code MembershipService} and its handlers), and the registry's thing deletions
 * ({@code ThingDeletionConsumer}).
 */
package io.iotdm.group.membership;
