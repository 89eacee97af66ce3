/**
 * The thing group operations: static groups ({@code ThingGroupService}), dynamic groups
 * ({@code DynamicThingGroupService}), the rules they share ({@code GroupRules}), and their handlers.
 */
package io.iotdm.group.thinggroup;
