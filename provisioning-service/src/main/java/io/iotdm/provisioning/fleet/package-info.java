/**
 * Fleet provisioning (docs/aws-behaviour.md §6.10): CreateProvisioningClaim, and the device requests of the MQTT
 * fleet-provisioning API that the device gateway forwards on {@code iotdm.device.inbound} ({@code
 * $aws/certificates/create}, {@code create-from-csr}, {@code $aws/provisioning-templates/{name}/provision}), answered
 * to the requesting connection alone on {@code iotdm.device.outbound} through the outbox. The provision step runs the
 * template through {@code registration.ThingRegistrations}, the one executor of plans.
 */
package io.iotdm.provisioning.fleet;
