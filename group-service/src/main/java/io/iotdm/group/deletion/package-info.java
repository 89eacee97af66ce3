/**
 * Group deletions in steps, each a transaction of at most {@code removal-batch-size} member removals
 * ({@code GroupDeletions}): taken by DeleteThingGroup and DeleteDynamicThingGroup, finished by the coordinator after a
 * crash.
 */
package io.iotdm.group.deletion;
