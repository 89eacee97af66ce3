/**
 * The provisioning-service's tables as Hibernate Reactive entities with one repository per aggregate (policies,
 * certificates, provisioning templates, ...), shared by the operations' packages; {@code ResourceTags}, the tags of its
 * resources written in a session; and {@code ProvisioningTransactions}, which runs a call's sessions and commits a
 * write with its outbox events.
 */
package io.iotdm.provisioning.store;
