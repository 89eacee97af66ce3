/**
 * The indexing-service's half of dynamic thing groups: the groups' queries kept as percolator queries, the
 * membership decisions after each bulk, and the backfill stream (StreamMatches) over gRPC.
 */
package io.iotdm.indexing.dynamic;
