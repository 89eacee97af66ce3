/**
 * What the provisioning-service asks other services over gRPC: the registry whether things exist
 * ({@code RegistryThings}), the group-service about thing groups and a thing's groups ({@code ThingGroups}).
 */
package io.iotdm.provisioning.peer;
