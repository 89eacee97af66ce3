/**
 * The payloads of the service's events: THING_GROUP and THING_GROUP_HIERARCHY events and dynamic groups' definitions
 * ({@code ThingGroupEvents}), THING_GROUP_MEMBERSHIP events ({@code MembershipEvents}).
 */
package io.iotdm.group.events;
