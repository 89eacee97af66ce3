/**
 * Rebuilds of the thing index into a new generation when the configuration needs other documents: one coordinating
 * instance under a lease streams the registry and the group-service over gRPC, carries the parts no system of
 * record has, and switches the alias.
 */
package io.iotdm.indexing.rebuild;
