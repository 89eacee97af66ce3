/**
 * Continuous jobs follow their target groups (docs/aws-behaviour.md §5.19): the group-service's
 * aws.events.thingGroupMembership (static and dynamic memberships) are matched against the continuous jobs that still
 * take things, a thing that joins a target group gets its execution and one that leaves loses its QUEUED one.
 */
package io.iotdm.jobs.membership;
