/**
 * What the provisioning-service asks other services over gRPC: the registry whether things exist and to provision the
 * thing of a template ({@code RegistryThings}), the group-service about thing groups, a thing's groups and a template's
 * memberships ({@code ThingGroups}).
 */
package io.iotdm.provisioning.peer;
