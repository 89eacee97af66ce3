/**
 * Dynamic group memberships: the indexing-service's decisions ({@code DecisionConsumer}) and backfills
 * ({@code Backfills}, run by the coordinator; their writes in {@code BackfillPages}), reconciled with a thing's
 * memberships ({@code DynamicMemberships}) by the cap arbitration ({@code CapArbitration}, pure); the batched removal
 * of a group's members that deletions and backfills share ({@code MemberRemoval}); the indexing-service's gRPC
 * ({@code IndexingQueries}) and the definitions topic ({@code DefinitionsTopic}).
 */
package io.iotdm.group.dynamic;
