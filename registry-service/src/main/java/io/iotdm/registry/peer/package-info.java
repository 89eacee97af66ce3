/**
 * What the registry asks other services over gRPC: the provisioning-service whether principals are attached to a thing
 * ({@code ThingPrincipals}), before a DeleteThing.
 */
package io.iotdm.registry.peer;
