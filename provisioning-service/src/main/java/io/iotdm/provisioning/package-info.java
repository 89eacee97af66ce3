/**
 * The provisioning-service (see its README): certificates, CA certificates, IoT policies and their attachments, thing
 * principals, provisioning templates and registration. Its packages, from those that depend on no other to those on
 * top: {@code store}, then the AWS resource families ({@code policy}, {@code provisioningtemplate}, ...), then
 * {@code tags} (which asks the families whether a tagged resource exists); {@code grpc}, the service's gRPC answers to its peers, on {@code store}; no cycle among them
 * ({@code PackageCyclesTest}).
 */
package io.iotdm.provisioning;
