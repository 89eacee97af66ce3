/**
 * The consumer of the event topics: records decoded into part updates, written in bulks to every live generation of
 * the thing index, offsets committed after; its counters and health.
 */
package io.iotdm.indexing.consumer;
