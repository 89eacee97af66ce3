/**
 * Transactions of the provisioning-service: Hibernate Reactive sessions whose writes commit with their outbox events,
 * resources' tags written in them,
 * and the service's change revisions.
 */
package io.iotdm.provisioning.store;
