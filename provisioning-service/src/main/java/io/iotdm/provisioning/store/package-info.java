/**
 * The provisioning-service's tables as Hibernate Reactive entities with one repository per aggregate (policies,
 * certificates, ...), shared by the operations' packages; and {@code ProvisioningTransactions}, which runs a call's
 * sessions and commits a write with its outbox events.
 */
package io.iotdm.provisioning.store;
