/**
 * The {@code iotdm.provisioning.v1.Provisioning} gRPC service: the provisioning-service's answers to its peers (whether
 * a thing has principals attached, which the registry asks before a DeleteThing).
 */
package io.iotdm.provisioning.grpc;
