/**
 * The background work of one instance at a time ({@code Coordinator}, under the {@code Lease}): deletions a crash
 * interrupted, backfills, verdict sweeps.
 */
package io.iotdm.group.coordinator;
